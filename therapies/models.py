"""Therapy profiles: what a gene therapy is, how it works, for whom, and its status."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet, ReferenceIndex
from wagtail.search import index

from body.blocks import BodyBlock, KeyFiguresBlock, body_with_anchors
from caching import fragments
from caching.keys import listing_key
from comments.models import CommentablePageMixin
from helix.page_permissions import OwnDraftsMixin
from sources.models import CitingPageMixin
from therapies.choices import (
    COUNTRY_CHOICES,
    ApprovalStatus,
    DeliveryRoute,
    Modality,
    Regulator,
    TherapeuticAim,
    Vector,
)

__all__ = [
    "ApprovalStatus",
    "ClinicalTrial",
    "Condition",
    "DeliveryRoute",
    "Modality",
    "Regulator",
    "TherapeuticAim",
    "TherapyApproval",
    "TherapyIndexPage",
    "TherapyPage",
    "TreatmentCentre",
    "Vector",
]

# From furthest along to least: what a card shows when a therapy has several decisions.
STATUS_PRECEDENCE = [
    ApprovalStatus.APPROVED,
    ApprovalStatus.CONDITIONAL,
    ApprovalStatus.UNDER_REVIEW,
    ApprovalStatus.INVESTIGATIONAL,
    ApprovalStatus.WITHDRAWN,
]
CLINICAL_TRIALS_URL = "https://clinicaltrials.gov/study/{}"


def articles_about_therapies(therapy_ids: QuerySet | list[int]) -> PageQuerySet:
    """Published articles about any of these therapies, newest first, each once.

    An article is "about" a therapy when an editor chose it as related
    (``ArticleTherapy``) or when its body links to the profile: Wagtail's
    reference index records those links, so no body is parsed here.
    """
    from articles.models import ArticlePage, ArticleTherapy

    page_type = ContentType.objects.get_for_model(Page)
    chosen = (
        ArticleTherapy.objects.filter(therapy__in=therapy_ids).order_by().values_list("page_id")
    )
    linked = (
        ReferenceIndex.objects.filter(
            base_content_type=page_type,
            to_content_type=page_type,
            to_object_id__in=Page.objects.filter(pk__in=therapy_ids)
            .annotate(pk_text=Cast("pk", CharField()))
            .values("pk_text"),
        )
        .annotate(page_id=Cast("object_id", models.BigIntegerField()))
        .order_by()
        .values_list("page_id")
    )
    return (
        # ``published()``: an article dated in the future is not listed yet.
        ArticlePage.objects.published()
        # One UNION subquery, not two ORed ones: PostgreSQL then finds the few
        # articles by key instead of testing every article in listing order
        # (150 ms to 20 ms for a therapy at 100,000 articles).
        .filter(pk__in=chosen.union(linked))
    )


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
        return TherapyPage.objects.published().filter(conditions=self).order_by("title")

    def articles_about(self) -> PageQuerySet:
        """Articles about any published therapy for this condition."""
        return articles_about_therapies(self.published_therapies().values("pk"))


class TherapyTag(TaggedItemBase):
    content_object = ParentalKey(
        "therapies.TherapyPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class TherapyPageQuerySet(PageQuerySet):
    def published(self) -> "TherapyPageQuerySet":
        """What readers may see: live and public (no drafts, no private pages)."""
        return self.live().public()

    def for_listing(self) -> "TherapyPageQuerySet":
        """What a directory card or comparison needs, loaded up front."""
        return self.defer_streamfields().prefetch_related(
            models.Prefetch("conditions", queryset=Condition.objects.only("name", "slug")),
            models.Prefetch("approvals", queryset=TherapyApproval.objects.order_by("sort_order")),
        )

    def linked_from(self, article: Page) -> "TherapyPageQuerySet":
        """Therapies an article chose as related or links to in its body, A to Z.

        The reverse of ``TherapyPage.articles_about()``, for the article page's
        "Related therapies" (apply ``for_listing()`` for modality and status).
        """
        from articles.models import ArticleTherapy

        page_type = ContentType.objects.get_for_model(Page)
        chosen = ArticleTherapy.objects.filter(page_id=article.pk).values("therapy_id")
        linked = (
            ReferenceIndex.objects.filter(
                base_content_type=page_type,
                object_id=str(article.pk),
                to_content_type=page_type,
            )
            .annotate(page_id=Cast("to_object_id", models.BigIntegerField()))
            .values("page_id")
        )
        return self.filter(Q(pk__in=Subquery(chosen)) | Q(pk__in=Subquery(linked))).order_by(
            "title"
        )

    def related_to(self, therapy: "TherapyPage") -> "TherapyPageQuerySet":
        """Other therapies for one of its conditions or of the same modality.

        Those sharing a condition come first: they are the alternatives a reader
        is most likely to weigh.
        """
        shares_condition = Exists(
            TherapyPage.conditions.through.objects.filter(
                therapypage_id=OuterRef("pk"),
                condition_id__in=TherapyPage.conditions.through.objects.filter(
                    therapypage_id=therapy.pk
                ).values("condition_id"),
            )
        )
        return (
            self.exclude(pk=therapy.pk)
            .annotate(shares_condition=shares_condition)
            .filter(Q(shares_condition=True) | Q(modality=therapy.modality))
            .order_by("-shares_condition", "title")
        )


TherapyPageManager = PageManager.from_queryset(TherapyPageQuerySet)


class TherapyIndexPage(OwnDraftsMixin, RoutablePageMixin, Page):
    """The therapy directory: facets to narrow it, and a side-by-side comparison."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["therapies.TherapyPage"]
    max_count = 1
    #: What it lists and filters by, for the page cache (caching/pages.py).
    cache_listings = ("therapies.therapypage", "therapies.condition", "therapies.therapyapproval")

    def therapies(self) -> TherapyPageQuerySet:
        return TherapyPage.objects.published().child_of(self)

    @path("", name="directory")
    def directory(self, request):
        """The directory, narrowed by the facets in the query string."""
        from therapies.facets import Directory

        directory = Directory(self.therapies(), request.GET)
        return self.render(
            request,
            context_overrides={
                "directory": directory,
                "results": directory.page_of_results(request.GET.get("page")),
            },
        )

    @path("compare/", name="compare")
    def compare(self, request):
        """``compare/?t=<slug>&t=<slug>``: two to four profiles side by side."""
        from therapies.compare import Comparison

        comparison = Comparison(self.therapies(), request.GET.getlist("t"))
        return self.render(
            request,
            template="therapies/therapy_compare.html",
            context_overrides={"comparison": comparison},
        )


class TherapyPage(
    OwnDraftsMixin, fragments.RenderedPartsMixin, CitingPageMixin, CommentablePageMixin, Page
):
    """A structured profile of one gene therapy."""

    #: Articles about it and related therapies come from these listings (caching/pages.py).
    cache_listings = (
        "articles.articlepage",
        "articles.articletherapy",
        "therapies.therapypage",
        "taggit.tag",
    )

    also_known_as = models.CharField(
        max_length=300, blank=True, help_text="Other names and product names, comma-separated."
    )
    summary = models.TextField(
        max_length=600, help_text="What the therapy is, in two or three sentences."
    )
    modality = models.CharField(max_length=32, choices=Modality.choices)
    aim = models.CharField("therapeutic aim", max_length=16, choices=TherapeuticAim.choices)
    vector = models.CharField(max_length=32, choices=Vector.choices, blank=True)
    delivery_route = models.CharField(max_length=16, choices=DeliveryRoute.choices, blank=True)
    target_genes = models.CharField(
        max_length=200, blank=True, help_text="Gene symbols, comma-separated (e.g. F9, DMD)."
    )
    conditions = ParentalManyToManyField(Condition, blank=True, related_name="therapies")
    key_figures = StreamField(KeyFiguresBlock(), blank=True)
    body = StreamField(BodyBlock(), blank=True)
    challenges = RichTextField(
        "challenges and safety", features=["bold", "italic", "link", "ul", "citation"], blank=True
    )
    tags = ClusterTaggableManager(through=TherapyTag, blank=True)

    objects = TherapyPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("also_known_as"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("modality"),
                FieldPanel("aim"),
                FieldPanel("vector"),
                FieldPanel("delivery_route"),
                FieldPanel("target_genes"),
            ],
            heading="How it works",
        ),
        FieldPanel("conditions", widget=forms.CheckboxSelectMultiple),
        InlinePanel("approvals", label="Approval", heading="Approvals"),
        InlinePanel("centres", label="Treatment centre", heading="Treatment centres"),
        InlinePanel("trials", label="Clinical trial", heading="Clinical trials"),
        FieldPanel("key_figures"),
        FieldPanel("body"),
        FieldPanel("challenges"),
        FieldPanel("further_reading"),
        FieldPanel("tags"),
    ]
    settings_panels = Page.settings_panels + CommentablePageMixin.settings_panels
    search_fields = Page.search_fields + [
        index.SearchField("also_known_as", boost=2),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("modality"),
    ]

    parent_page_types = ["therapies.TherapyIndexPage"]
    subpage_types: list[str] = []

    #: Ids of the profile's own sections (therapy_content.html): no body heading takes one,
    #: so a body heading "How it works" links to itself, not to the facts section.
    page_ids = frozenset(
        {
            "therapy-title",
            "key-figures",
            "how-it-works",
            "conditions",
            "approvals",
            "centres",
            "trials",
            "challenges",
            "articles-about",
            "related-therapies",
        }
    )

    def body_blocks(self) -> list[tuple]:
        return body_with_anchors(self.body, self.page_ids)

    @property
    def is_viral(self) -> bool:
        return self.vector in Vector.viral()

    @property
    def target_gene_list(self) -> list[str]:
        return [gene.strip() for gene in self.target_genes.split(",") if gene.strip()]

    @property
    def alias_list(self) -> list[str]:
        return [name.strip() for name in self.also_known_as.split(",") if name.strip()]

    @property
    def approvals_by_product(self) -> list[tuple[str, list["TherapyApproval"]]]:
        """Each product (by name) with its regulators' decisions, each decision once.

        For "Therapies in this article": a product approved by the FDA for three
        indications reads "Kymriah: FDA approved", not "FDA: Approved" three times.
        Uses the prefetched ``approvals``, in the editor's order; decisions without a
        product name are grouped under "".
        """
        products: dict[str, dict[tuple[str, str], TherapyApproval]] = {}
        for approval in self.approvals.all():
            decisions = products.setdefault(approval.product_name.strip(), {})
            decisions.setdefault((approval.regulator, approval.status), approval)
        return [(product, list(decisions.values())) for product, decisions in products.items()]

    @property
    def headline_approval(self) -> "TherapyApproval | None":
        """The most advanced decision, for cards (uses prefetched ``approvals``)."""
        rank = {status: i for i, status in enumerate(STATUS_PRECEDENCE)}
        approvals = sorted(self.approvals.all(), key=lambda a: rank.get(a.status, len(rank)))
        return approvals[0] if approvals else None

    def articles_about(self) -> PageQuerySet:
        """Live, public articles that chose this therapy or link to it in their body."""
        return articles_about_therapies([self.pk])

    def related_therapies(self, limit: int = 6) -> list["TherapyPage"]:
        return list(TherapyPage.objects.published().related_to(self).defer_streamfields()[:limit])

    @cached_property
    def approval_rows(self) -> list["TherapyApproval"]:
        return list(self.approvals.select_related("citation").order_by("sort_order"))

    def derived_listings(self, request) -> dict:
        """Articles about it and related therapies: kept until those listings change."""
        listings = {
            "articles": lambda: list(self.articles_about().defer_streamfields()[:20]),
            "related_therapies": self.related_therapies,
        }
        return {
            name: fragments.for_page(self, request, name, compute)
            for name, compute in listings.items()
        }

    #: What every reader sees alike, rendered once per publication (``get_context``).
    shared_part_templates = {
        "meta": "therapies/includes/therapy_meta.html",
        "structured_data": "therapies/includes/therapy_structured_data.html",
        "content": "therapies/includes/therapy_content.html",
    }

    def shared_part_context(self, request) -> dict:
        """What the shared parts show beyond the page's fields; loaded only to render them."""
        self.load_shown_references()
        conditions = list(self.conditions.only("name", "slug").order_by("name"))
        trials = list(self.trials.order_by("sort_order"))
        return {
            "conditions": conditions,
            "approvals": self.approval_rows,
            "centres": list(self.centres.order_by("sort_order")),
            "trials": trials,
            "tags": list(self.tags.all()),
            **self.derived_listings(request),
        }


class TherapyApproval(Orderable):
    """One regulator's decision on one product (or the state of its application)."""

    page = ParentalKey(TherapyPage, on_delete=models.CASCADE, related_name="approvals")
    regulator = models.CharField(max_length=16, choices=Regulator.choices)
    product_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=ApprovalStatus.choices)
    date = models.DateField(null=True, blank=True)
    indication = models.CharField(max_length=300, blank=True)
    citation = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("regulator"),
        FieldPanel("product_name"),
        FieldPanel("status"),
        FieldPanel("date"),
        FieldPanel("indication"),
        FieldPanel("citation"),
    ]

    def __str__(self) -> str:
        name = self.product_name or "Therapy"
        return f"{name}: {self.get_status_display()} ({self.regulator})"

    @property
    def badge_modifier(self) -> str:
        """The CSS badge variant: green for approved, amber for anything short of it."""
        if self.status == ApprovalStatus.APPROVED:
            return "badge--approved"
        return "badge--warning" if self.status == ApprovalStatus.WITHDRAWN else ""


class TreatmentCentre(Orderable):
    page = ParentalKey(TherapyPage, on_delete=models.CASCADE, related_name="centres")
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
    page = ParentalKey(TherapyPage, on_delete=models.CASCADE, related_name="trials")
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


def directory_url() -> str:
    """The therapy directory's URL, or "" when there is no live, public one.

    Tag pages link to it; kept until a directory is published, moved or
    restricted (a restriction changes the site frame).
    """

    def find() -> str:
        directory = TherapyIndexPage.objects.live().public().order_by("path").first()
        return directory.url if directory else ""

    return fragments.cached("therapy-directory-url", find, [listing_key(TherapyIndexPage)])
