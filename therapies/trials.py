"""The clinical trials of a therapy, by their ClinicalTrials.gov number.

Defined apart from the page models; the model belongs to the therapies app and
is re-exported by ``therapies.models`` (whose path the first migration names
for ``NCTNumberField``).
"""

from django.core.validators import RegexValidator
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

CLINICAL_TRIALS_URL = "https://clinicaltrials.gov/study/{}"


class NCTNumberField(models.CharField):
    """An NCT number, stored upper-case whatever the editor typed ("nct01234567")."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper() if isinstance(value, str) else value


validate_nct_number = RegexValidator(
    r"^NCT\d{8}\Z",
    message=(
        "Enter a ClinicalTrials.gov identifier: 'NCT' followed by eight digits, e.g. NCT01234567."
    ),
    code="invalid_nct",
)


class ClinicalTrial(Orderable):
    page = ParentalKey("therapies.TherapyPage", on_delete=models.CASCADE, related_name="trials")
    nct_number = NCTNumberField(
        "NCT number",
        max_length=11,
        validators=[validate_nct_number],
        help_text="The ClinicalTrials.gov identifier, e.g. NCT01234567.",
    )
    title = models.CharField(max_length=300, blank=True)
    phase = models.CharField(max_length=20, blank=True, help_text="E.g. Phase 3.")

    panels = [FieldPanel("nct_number"), FieldPanel("title"), FieldPanel("phase")]

    def __str__(self) -> str:
        return self.nct_number

    @property
    def registry_url(self) -> str:
        return CLINICAL_TRIALS_URL.format(self.nct_number)
