"""The reference library: every source stored once and cited from any page."""

from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import slugify

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin
from wagtail.snippets.blocks import SnippetChooserBlock

from caching.declared import show
from caching.keys import object_key
from sources.identifiers import (
    normalise_doi,
    normalise_nct,
    normalise_pmcid,
    normalise_pmid,
    normalise_title,
    normalise_url,
)
from sources.imports import ImportStatus, SourceImport  # noqa: F401 (the app's models)

#: The identifiers a source can be looked up by, each with the normaliser its field is
#: stored with: a filter or an import compares like with like.
IDENTIFIERS = {
    "doi": ("doi", normalise_doi),
    "pmid": ("pmid", normalise_pmid),
    "pmcid": ("pmcid", normalise_pmcid),
    "nct": ("nct_number", normalise_nct),
    "url": ("url_key", normalise_url),
}


class SourceKind(models.TextChoices):
    JOURNAL_ARTICLE = "article-journal", "Journal article"
    BOOK = "book", "Book"
    REPORT = "report", "Report"
    NEWS_ARTICLE = "article-newspaper", "News article"
    WEB_PAGE = "webpage", "Web page"
    REGULATORY_DOCUMENT = "regulatory", "Regulatory document"
    CLINICAL_TRIAL = "clinical-trial", "Clinical trial record"
    DATASET = "dataset", "Dataset"


class NoticeKind(models.TextChoices):
    """A notice the publisher attached to a work after publication."""

    RETRACTION = "retraction", "Retraction"
    CORRECTION = "correction", "Correction (erratum)"
    EXPRESSION_OF_CONCERN = "concern", "Expression of concern"


class CitationStyle(models.TextChoices):
    VANCOUVER = "vancouver", "Vancouver (NLM, numbered)"
    APA = "apa", "APA 7th edition"


class SourceTag(TaggedItemBase):
    content_object = ParentalKey(
        "sources.Source", on_delete=models.CASCADE, related_name="tagged_items"
    )


class SourceQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def retracted(self) -> "SourceQuerySet":
        return self.filter(notice_kind=NoticeKind.RETRACTION)

    def identified_by(self, **identifiers: str) -> "SourceQuerySet":
        """Sources carrying each identifier given (``doi=``, ``pmid=``, ``url=``…), normalised
        exactly as the library stores it; raises ValidationError for a malformed one."""
        queryset = self
        for name, value in identifiers.items():
            field, normalise = IDENTIFIERS[name]
            key = normalise(value)
            queryset = queryset.filter(**{field: key}) if key else queryset.none()
        return queryset

    def duplicates_of(self, source: "Source") -> "SourceQuerySet":
        """Sources that are the same work: same DOI, PMID or URL, or same title and year.

        Compared on normalised forms (``Source.normalise``): a doi.org link, an upper-case
        DOI, ``www.`` or a trailing slash, accents, case and punctuation change nothing.
        """
        same = Q(title_key=source.title_key, year=source.year)
        if source.doi:
            same |= Q(doi=source.doi)
        if source.pmid:
            same |= Q(pmid=source.pmid)
        if source.url_key:
            same |= Q(url_key=source.url_key)
        others = self.filter(same)
        return others.exclude(pk=source.pk) if source.pk else others


class Source(index.Indexed, ClusterableModel):
    """A work that Helix cites: a paper, a news item, a regulator's page."""

    kind = models.CharField(
        max_length=32, choices=SourceKind.choices, default=SourceKind.JOURNAL_ARTICLE
    )
    title = models.CharField(max_length=500)
    title_key = models.CharField(max_length=500, editable=False, db_index=True)
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
    doi = models.CharField("DOI", max_length=255, blank=True, db_index=True)
    pmid = models.CharField("PMID", max_length=20, blank=True, db_index=True)
    pmcid = models.CharField("PMCID", max_length=20, blank=True)
    nct_number = models.CharField("NCT number", max_length=20, blank=True)
    url = models.URLField("URL", max_length=1000, blank=True)
    url_key = models.CharField(max_length=1000, editable=False, blank=True, db_index=True)
    accessed = models.DateField("accessed on", null=True, blank=True)
    language = models.CharField(max_length=35, blank=True, help_text="E.g. en, es.")
    notes = models.TextField("abstract or notes", blank=True)
    notice_kind = models.CharField(
        "notice",
        max_length=16,
        choices=NoticeKind.choices,
        blank=True,
        help_text="Set when the publisher retracted or corrected the work.",
    )
    notice_date = models.DateField("notice date", null=True, blank=True)
    notice_url = models.URLField("notice link", max_length=1000, blank=True)
    tags = ClusterTaggableManager(through=SourceTag, blank=True)
    formatted_references = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The reference as each citation style shows it (HTML), stored on save.",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        InlinePanel("authors", label="Author", heading="Authors"),
        MultiFieldPanel(
            [
                FieldPanel("container_title"),
                FieldPanel("publisher"),
                FieldRowPanel([FieldPanel("year"), FieldPanel("month"), FieldPanel("day")]),
                FieldRowPanel([FieldPanel("volume"), FieldPanel("issue"), FieldPanel("pages")]),
            ],
            heading="Publication",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("doi"), FieldPanel("pmid")]),
                FieldRowPanel([FieldPanel("pmcid"), FieldPanel("nct_number")]),
                FieldPanel("url"),
                FieldPanel("accessed"),
            ],
            heading="Identifiers and links",
        ),
        MultiFieldPanel(
            [FieldPanel("notice_kind"), FieldPanel("notice_date"), FieldPanel("notice_url")],
            heading="Retraction or correction",
        ),
        FieldPanel("language"),
        FieldPanel("notes"),
        FieldPanel("tags"),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("container_title"),
        index.SearchField("notes"),
        index.RelatedFields("authors", [index.SearchField("family")]),
        index.FilterField("kind"),
        index.FilterField("year"),
        index.FilterField("notice_kind"),
    ]

    class Meta:
        ordering = ["-year", "title"]
        indexes = [
            # The listing order: search walks it for a common word and stops at its limit.
            models.Index(fields=["-year", "title"], name="sources_library_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80].strip("-") or "source"

    def get_absolute_url(self) -> str:
        return reverse("sources:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_retracted(self) -> bool:
        return self.notice_kind == NoticeKind.RETRACTION

    @property
    def first_author_name(self) -> str:
        authors = self.author_list
        if not authors:
            return "—"
        first = authors[0]
        return f"{first.family} et al." if len(authors) > 1 else first.family

    @property
    def used_in_label(self) -> str:
        count = getattr(self, "used_in", None)
        if count is None:
            count = self.citations.count()
        return f"{count} page{'s' if count != 1 else ''}"

    @cached_property
    def author_list(self) -> list["SourceAuthor"]:
        return list(self.authors.all())

    def normalise(self) -> None:
        """Bring identifiers to canonical form; raise ValidationError naming each bad field."""
        errors = {}
        for field, normalise in (
            ("doi", normalise_doi),
            ("pmid", normalise_pmid),
            ("pmcid", normalise_pmcid),
            ("nct_number", normalise_nct),
        ):
            try:
                setattr(self, field, normalise(getattr(self, field)))
            except ValidationError as error:
                errors[field] = error
        self.title = " ".join((self.title or "").split())
        self.title_key = normalise_title(self.title)
        try:
            self.url_key = normalise_url(self.url)
        except ValidationError as error:
            errors["url"] = error
        if self.month is not None and not 1 <= self.month <= 12:
            errors["month"] = ValidationError("A month is a number from 1 to 12.")
        if self.day is not None and (self.month is None or not 1 <= self.day <= 31):
            errors["day"] = ValidationError("A day needs a month and is a number from 1 to 31.")
        if errors:
            raise ValidationError(errors)

    def duplicate_reason(self, existing: "Source") -> tuple[str, str]:
        """``(field, reason)`` for why ``existing`` is the same work, as editors are told."""
        if self.doi and existing.doi == self.doi:
            return "doi", "the same DOI"
        if self.pmid and existing.pmid == self.pmid:
            return "pmid", "the same PMID"
        if self.url_key and existing.url_key == self.url_key:
            return "url", "the same URL"
        return "title", "the same title and year"

    def check_not_duplicate(self) -> None:
        """Refuse a second copy of a work, naming and linking the copy already stored."""
        existing = Source.objects.duplicates_of(self).first()
        if existing is None:
            return
        field, reason = self.duplicate_reason(existing)
        edit_url = reverse("wagtailsnippets_sources_source:edit", args=[existing.pk])
        raise ValidationError(
            {
                field: ValidationError(
                    format_html(
                        'The library already has this source, with {}: <a href="{}">{}</a>.',
                        reason,
                        edit_url,
                        existing,
                    ),
                    code="duplicate",
                )
            }
        )

    def clean(self) -> None:
        super().clean()
        self.normalise()
        self.check_not_duplicate()

    def format_references(self) -> None:
        """Format the source as it is now, authors included (saved or not), in every style."""
        from sources.formatting import references_in_every_style

        self.__dict__.pop("author_list", None)  # the authors as they are now
        self.formatted_references = references_in_every_style(self)

    def save(self, **kwargs) -> None:
        # Imports and code paths that skip forms get the same guarantees as the admin.
        self.normalise()
        self.check_not_duplicate()
        # Readers get the references formatted here, not at render time. The authors
        # this save commits are the ones formatted: their own signals skip the source.
        self.format_references()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "formatted_references"}
        saving = _saving.set((*_saving.get(), self))
        try:
            super().save(**kwargs)
        finally:
            _saving.reset(saving)

    def authors_changed(self) -> None:
        """Store the references again after an author was saved or deleted on its own."""
        self.format_references()
        super().save(update_fields=["formatted_references", "updated_at"])

    @classmethod
    def is_being_saved(cls, pk: int | None) -> bool:
        """Whether ``Source.save`` for this row is under way (committing its authors)."""
        return pk is not None and any(source.pk == pk for source in _saving.get())


#: Sources whose ``save`` is under way in this context (see ``Source.is_being_saved``).
_saving: ContextVar[tuple[Source, ...]] = ContextVar("sources_saving", default=())


class SourceAuthor(Orderable):
    """One author of a source, in order: a person (family, given) or an organisation."""

    source = ParentalKey(Source, on_delete=models.CASCADE, related_name="authors")
    family = models.CharField(
        "family name or organisation", max_length=200, help_text="E.g. Catalá, or 'FDA'."
    )
    given = models.CharField("given names", max_length=200, blank=True)
    is_organisation = models.BooleanField(default=False)

    panels = [FieldPanel("family"), FieldPanel("given"), FieldPanel("is_organisation")]

    def __str__(self) -> str:
        return f"{self.family}, {self.given}" if self.given else self.family


class CitationQuerySet(models.QuerySet):
    def published(self) -> "CitationQuerySet":
        """Citations on pages readers may list ("Cited by").

        Each citing page type decides with its own ``published()`` (an article
        dated in the future is not listed yet); this app names none of them.
        """
        from django.apps import apps

        visible = Q(pk__in=[])
        for model in apps.get_models():
            if issubclass(model, CitingPageMixin) and not model._meta.abstract:
                pages = model.objects.published().order_by().values("pk")
                visible |= Q(page__in=pages)
        return self.filter(visible)


class Citation(models.Model):
    """One live page citing one source: the index behind "Cited by" and "Used in".

    Rebuilt from a page's published content when it is published; removed when the page
    is unpublished or deleted, so drafts never count.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="source_citations"
    )
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="citations")
    number = models.PositiveIntegerField(help_text="The source's number in the page's list.")

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["page", "number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "source"], name="unique_citation_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.page} cites {self.source}"


@register_setting(icon="list-ol")
class ReferenceSettings(BaseSiteSetting):
    """How references are formatted on this site."""

    citation_style = models.CharField(
        max_length=16, choices=CitationStyle.choices, default=CitationStyle.VANCOUVER
    )

    panels = [FieldPanel("citation_style")]

    class Meta:
        verbose_name = "reference settings"


class CitingPageMixin(models.Model):
    """A page that cites the library: its references list is built from its body.

    Citations are the "citation" entities in rich text and the sources of key figure
    blocks, in every StreamField and rich-text field of the page. ``further_reading``
    lists sources worth reading that the text does not cite.
    """

    further_reading = StreamField(
        [("source", SnippetChooserBlock("sources.Source"))],
        blank=True,
        help_text="Sources listed after the references, not cited in the text.",
    )

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs) -> None:
        from sources.citing import number_citations

        # Markers store their number so that any rendering (page, preview, feed) shows it.
        number_citations(self)
        super().full_clean(*args, **kwargs)

    def citation_style(self) -> str:
        from sources.citing import citation_style_for

        if "_citation_style" not in self.__dict__:
            self.__dict__["_citation_style"] = citation_style_for(self)
        return self.__dict__["_citation_style"]

    def references(self) -> list:
        """The page's references (``number``, ``source``, ``html``), in order of first citation."""
        self.load_references()
        return self.__dict__["_references"]

    def further_reading_references(self) -> list:
        """Formatted further reading: sources listed but not cited, in the editor's order."""
        self.load_references()
        return self.__dict__["_further_reading"]

    def load_references(self) -> None:
        """References and further reading together: every source in one batch."""
        from sources.citing import prefetch_references

        if "_references" not in self.__dict__:
            prefetch_references([self], self.citation_style())

    def load_shown_references(self) -> None:
        """Load the references before the body renders, and declare the sources they show.

        A kept page or part that shows them is stale when one is edited (caching/).
        """
        self.load_references()
        shown = [*self.__dict__["_references"], *self.__dict__["_further_reading"]]
        show(*(object_key(reference.source) for reference in shown))

    def further_reading_sources(self) -> list[Source]:
        """Further-reading sources not already cited, in the editor's order."""
        return [reference.source for reference in self.further_reading_references()]
