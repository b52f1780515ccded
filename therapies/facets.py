"""The therapy directory's facets: parse them from the URL, filter, count.

Facets live in the query string (``?modality=gene-editing&status=approved``), so a
filtered directory is a plain GET form: it works without JavaScript and its URL
can be shared. Values within one facet widen the selection (OR); different facets
narrow it (AND). Unknown values are dropped silently, so an old or mistyped link
still shows a directory instead of an error.

Each option's count is the number of therapies a reader would see after ticking
it, given the *other* active facets (the usual "disjunctive" faceting). Every
facet is counted with one aggregate query, whatever the number of options.

Regions are derived, not entered: a therapy is in a region when a regulator of
that region has a decision on it (FDA: North America; EMA, AEMPS, MHRA: Europe;
PMDA, NMPA: Asia and the Pacific) or when one of its treatment centres is in a
country of that region (``therapies.choices.COUNTRY_REGIONS``).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.functional import cached_property

from taggit.models import Tag

from helix.links import query_with
from therapies.choices import (
    ApprovalStatus,
    Modality,
    Region,
    TherapeuticAim,
    Vector,
    countries_in,
    regulators_in,
)
from therapies.models import (
    Condition,
    TherapyApproval,
    TherapyPage,
    TherapyPageQuerySet,
    TherapyTag,
    TreatmentCentre,
)

RESULTS_PER_PAGE = 24
#: Tags read from one URL; more are ignored, like any unknown value.
MAX_TAGS = 5


@dataclass
class Option:
    value: str
    label: str
    count: int = 0
    selected: bool = False
    remove_query: str = ""


@dataclass
class Facet:
    """One way to narrow the directory: a URL parameter and its allowed values."""

    param: str
    label: str
    choices: list[tuple[str, str]]
    selected: list[str] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)

    def select(self, raw_values: Iterable[str]) -> None:
        allowed = {value for value, _ in self.choices}
        self.selected = list(dict.fromkeys(v for v in raw_values if v in allowed))

    def q(self, values: list[str]) -> Q:
        """Therapies matching any of ``values``."""
        raise NotImplementedError

    @property
    def active(self) -> bool:
        return bool(self.selected)


class FieldFacet(Facet):
    """A facet on a choice field of the page itself (modality, aim, vector)."""

    def __init__(self, param, label, choices, field_name):
        super().__init__(param, label, choices)
        self.field_name = field_name

    def q(self, values):
        return Q(**{f"{self.field_name}__in": values})


class ConditionFacet(Facet):
    def q(self, values):
        through = TherapyPage.conditions.through.objects
        return Q(Exists(through.filter(therapypage_id=OuterRef("pk"), condition__slug__in=values)))


class TagFacet(Facet):
    """Therapies carrying a tag: where a tag page's "all therapy profiles" link leads.

    Only the tags named in the URL are offered: readers browse tags on the tag
    pages, and a list of every tag would drown the other facets.
    """

    def q(self, values):
        tagged = TherapyTag.objects.filter(content_object_id=OuterRef("pk"), tag__slug__in=values)
        return Q(Exists(tagged))


class StatusFacet(Facet):
    def q(self, values):
        return Q(Exists(TherapyApproval.objects.filter(page_id=OuterRef("pk"), status__in=values)))


class RegionFacet(Facet):
    def q(self, values):
        regulators = [r for region in values for r in regulators_in(region)]
        countries = [c for region in values for c in countries_in(region)]
        approvals = TherapyApproval.objects.filter(page_id=OuterRef("pk"), regulator__in=regulators)
        centres = TreatmentCentre.objects.filter(page_id=OuterRef("pk"), country__in=countries)
        return Q(Exists(approvals)) | Q(Exists(centres))


class Directory:
    """The facets, the filtered therapies and the counts for one request."""

    def __init__(self, therapies: TherapyPageQuerySet, params: QueryDict):
        self.base = therapies
        self.params = params
        self.facets: list[Facet] = [
            FieldFacet("modality", "Modality", Modality.choices, "modality"),
            FieldFacet("aim", "Therapeutic aim", TherapeuticAim.choices, "aim"),
            FieldFacet("vector", "Vector", Vector.choices, "vector"),
            ConditionFacet("condition", "Condition", self._condition_choices()),
            StatusFacet("status", "Approval status", ApprovalStatus.choices),
            RegionFacet("region", "Region", Region.choices),
            TagFacet("tag", "Tag", self._tag_choices()),
        ]
        for facet in self.facets:
            facet.select(params.getlist(facet.param))
        for facet in self.facets:
            self._count(facet)

    def _condition_choices(self) -> list[tuple[str, str]]:
        """Only conditions some listed therapy treats: the rest would always count 0."""
        through = TherapyPage.conditions.through.objects
        in_directory = through.filter(condition_id=OuterRef("pk"), therapypage__in=self.base)
        return list(Condition.objects.filter(Exists(in_directory)).values_list("slug", "name"))

    def _tag_choices(self) -> list[tuple[str, str]]:
        """The tags named in the URL that exist (at most a few: the URL is the reader's)."""
        slugs = self.params.getlist("tag")[:MAX_TAGS]
        if not slugs:
            return []
        return list(Tag.objects.filter(slug__in=slugs).order_by("name").values_list("slug", "name"))

    def _filtered(self, exclude: Facet | None = None) -> TherapyPageQuerySet:
        queryset = self.base
        for facet in self.facets:
            if facet is not exclude and facet.active:
                queryset = queryset.filter(facet.q(facet.selected))
        return queryset

    def _count(self, facet: Facet) -> None:
        counts = self._filtered(exclude=facet).aggregate(
            **{
                f"option_{i}": Count("pk", filter=facet.q([value]))
                for i, (value, _) in enumerate(facet.choices)
            }
        )
        facet.options = [
            Option(
                value=value,
                label=label,
                count=counts[f"option_{i}"],
                selected=value in facet.selected,
                remove_query=self._query_without(facet.param, value),
            )
            for i, (value, label) in enumerate(facet.choices)
        ]

    def _query_without(self, param: str, value: str) -> str:
        query = QueryDict(query_with(self.params, [facet.param for facet in self.facets]), True)
        query.setlist(param, [v for v in query.getlist(param) if v != value])
        return query.urlencode()

    @property
    def active_options(self) -> list[tuple[Facet, Option]]:
        return [(f, o) for f in self.facets for o in f.options if o.selected]

    @property
    def is_filtered(self) -> bool:
        return any(facet.active for facet in self.facets)

    @cached_property
    def results(self) -> TherapyPageQuerySet:
        return self._filtered().for_listing().order_by("title")

    def page_of_results(self, number: str | None) -> PaginatorPage:
        """One page of results; a missing or bad page number gives the nearest page."""
        return Paginator(self.results, RESULTS_PER_PAGE).get_page(number)
