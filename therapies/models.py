"""Therapy profiles: what a gene therapy is, how it works, for whom, and its status.

The import point of the app's models. The profile and the directory are
defined here; the rest, each in a module named for what it holds:

* ``therapies/conditions.py``: ``Condition``, what therapies treat;
* ``therapies/approvals.py``: ``TherapyApproval``, regulators' decisions;
* ``therapies/centres.py``: ``TreatmentCentre``, where a therapy is given;
* ``therapies/trials.py``: ``ClinicalTrial``, by its NCT number;
* ``therapies/choices.py``: the vocabularies (modality, vector, regulator...).

Articles about a therapy are the articles app's to find (``articles.queries``):
this app never imports articles.
"""

from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from body.blocks import BodyBlock, KeyFiguresBlock, body_with_anchors
from caching import fragments
from caching.keys import listing_key
from comments.models import CommentablePageMixin
from helix.page_permissions import OwnDraftsMixin
from helix.pages import open_to_readers
from sources.models import CitingPageMixin
from therapies.approvals import STATUS_PRECEDENCE, TherapyApproval
from therapies.centres import TreatmentCentre
from therapies.choices import (
    ApprovalStatus,
    DeliveryRoute,
    Modality,
    Regulator,
    TherapeuticAim,
    Vector,
)
from therapies.conditions import Condition, ConditionTag
from therapies.trials import ClinicalTrial, NCTNumberField, validate_nct_number

__all__ = [
    "ApprovalStatus",
    "ClinicalTrial",
    "Condition",
    "ConditionTag",
    "DeliveryRoute",
    "Modality",
    "NCTNumberField",
    "Regulator",
    "TherapeuticAim",
    "TherapyApproval",
    "TherapyIndexPage",
    "TherapyPage",
    "TherapyPageQuerySet",
    "TherapyTag",
    "TreatmentCentre",
    "Vector",
    "directory_url",
    "validate_nct_number",
]


class TherapyTag(TaggedItemBase):
    content_object = ParentalKey(
        "therapies.TherapyPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class TherapyPageQuerySet(PageQuerySet):
    def published(self) -> "TherapyPageQuerySet":
        """What readers may see: live and public (no drafts, no private pages)."""
        return self.live().filter(open_to_readers())

    def searchable(self) -> "TherapyPageQuerySet":
        """``published()`` as a search backend can filter it (see ArticlePageQuerySet)."""
        return self.live().public()

    def for_listing(self) -> "TherapyPageQuerySet":
        """What a directory card or comparison needs, loaded up front."""
        return self.defer_streamfields().prefetch_related(
            models.Prefetch("conditions", queryset=Condition.objects.only("name", "slug")),
            models.Prefetch("approvals", queryset=TherapyApproval.objects.order_by("sort_order")),
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

    def related_therapies(self, limit: int = 6) -> list["TherapyPage"]:
        return list(TherapyPage.objects.published().related_to(self).defer_streamfields()[:limit])

    @cached_property
    def approval_rows(self) -> list["TherapyApproval"]:
        return list(self.approvals.select_related("citation").order_by("sort_order"))

    def derived_listings(self, request) -> dict:
        """Related therapies: kept until that listing changes.

        The articles about the profile are the articles app's to find
        (``{% articles_about_therapy %}`` in ``therapy_content.html``).
        """
        return {
            "related_therapies": fragments.for_page(
                self, request, "related_therapies", self.related_therapies
            )
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


def directory_url() -> str:
    """The therapy directory's URL, or "" when there is no live, public one.

    Tag pages link to it; kept until a directory is published, moved or
    restricted (a restriction changes the site frame).
    """

    def find() -> str:
        directory = (
            TherapyIndexPage.objects.live().filter(open_to_readers()).order_by("path").first()
        )
        return directory.url if directory else ""

    return fragments.cached("therapy-directory-url", find, [listing_key(TherapyIndexPage)])
