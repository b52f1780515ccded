"""The reference library: every source stored once and cited from any page."""

from django.db import models

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.snippets.blocks import SnippetChooserBlock


class SourceKind(models.TextChoices):
    JOURNAL_ARTICLE = "article-journal", "Journal article"
    BOOK = "book", "Book"
    REPORT = "report", "Report"
    NEWS_ARTICLE = "article-newspaper", "News article"
    WEB_PAGE = "webpage", "Web page"
    REGULATORY_DOCUMENT = "regulatory", "Regulatory document"
    CLINICAL_TRIAL = "clinical-trial", "Clinical trial record"
    DATASET = "dataset", "Dataset"


class SourceTag(TaggedItemBase):
    content_object = ParentalKey(
        "sources.Source", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Source(ClusterableModel):
    """A work that Helix cites: a paper, a news item, a regulator's page."""

    kind = models.CharField(
        max_length=32, choices=SourceKind.choices, default=SourceKind.JOURNAL_ARTICLE
    )
    title = models.CharField(max_length=500)
    container_title = models.CharField(
        "journal or website",
        max_length=300,
        blank=True,
        help_text="The journal, book series, newspaper or website that contains the work.",
    )
    publisher = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    day = models.PositiveSmallIntegerField(null=True, blank=True)
    volume = models.CharField(max_length=50, blank=True)
    issue = models.CharField(max_length=50, blank=True)
    pages = models.CharField(max_length=50, blank=True)
    doi = models.CharField("DOI", max_length=255, blank=True)
    pmid = models.CharField("PMID", max_length=20, blank=True)
    pmcid = models.CharField("PMCID", max_length=20, blank=True)
    nct_number = models.CharField("NCT number", max_length=20, blank=True)
    url = models.URLField("URL", max_length=1000, blank=True)
    accessed = models.DateField("accessed on", null=True, blank=True)
    language = models.CharField(max_length=35, blank=True, help_text="E.g. en, es.")
    notes = models.TextField("abstract or notes", blank=True)
    tags = ClusterTaggableManager(through=SourceTag, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class SourceAuthor(Orderable):
    """One author of a source, in order: a person (family, given) or an organisation."""

    source = ParentalKey(Source, on_delete=models.CASCADE, related_name="authors")
    family = models.CharField(
        "family name or organisation", max_length=200, help_text="E.g. Catalá, or 'FDA'."
    )
    given = models.CharField("given names", max_length=200, blank=True)
    is_organisation = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.family}, {self.given}" if self.given else self.family


class CitingPageMixin(models.Model):
    """A page that cites the library: its references list is built from its body.

    ``further_reading`` lists sources worth reading that the text does not cite.
    """

    further_reading = StreamField(
        [("source", SnippetChooserBlock("sources.Source"))],
        blank=True,
        help_text="Sources listed after the references, not cited in the text.",
    )

    class Meta:
        abstract = True
