"""The diseases and disorders gene therapies treat (a snippet, with public pages).

Defined apart from the page models; the model belongs to the therapies app and
is re-exported by ``therapies.models``.
"""

from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

if TYPE_CHECKING:
    from therapies.models import TherapyPageQuerySet


class ConditionTag(TaggedItemBase):
    content_object = ParentalKey(
        "therapies.Condition", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Condition(index.Indexed, ClusterableModel):
    """A disease or disorder that gene therapies treat."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    synonyms = models.CharField(
        max_length=500, blank=True, help_text="Other names, separated by commas."
    )
    description = RichTextField(features=["bold", "italic", "link", "citation"], blank=True)
    icd10 = models.CharField("ICD-10 code", max_length=20, blank=True)
    orpha = models.CharField("ORPHA code", max_length=20, blank=True)
    tags = ClusterTaggableManager(through=ConditionTag, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("synonyms"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("icd10"), FieldPanel("orpha")], heading="Codes"),
        FieldPanel("tags"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("synonyms", boost=2),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conditions:detail", kwargs={"slug": self.slug})

    @property
    def synonym_list(self) -> list[str]:
        return [name.strip() for name in self.synonyms.split(",") if name.strip()]

    @property
    def orpha_url(self) -> str:
        """Orphanet's page for the condition, when an ORPHA code is known."""
        code = self.orpha.upper().removeprefix("ORPHA:").strip()
        return f"https://www.orpha.net/en/disease/detail/{code}" if code.isdigit() else ""

    def published_therapies(self) -> "TherapyPageQuerySet":
        # ``therapies`` is the profiles' reverse relation: its manager is theirs.
        return self.therapies.published().order_by("title")
