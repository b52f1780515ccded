"""Where a therapy is given, edited inline on its profile (the directory filters by region).

Defined apart from the page models; the model belongs to the therapies app and
is re-exported by ``therapies.models``.
"""

from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from therapies.choices import COUNTRY_CHOICES


class TreatmentCentre(Orderable):
    page = ParentalKey("therapies.TherapyPage", on_delete=models.CASCADE, related_name="centres")
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(
        max_length=100,
        blank=True,
        choices=COUNTRY_CHOICES,
        help_text="The directory's region filter is derived from it.",
    )

    panels = [FieldPanel("name"), FieldPanel("city"), FieldPanel("country")]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.city, self.country) if part)
