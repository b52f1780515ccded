"""Read-only endpoints: articles, therapy profiles, conditions, sources and search.

Every listing starts from published content only (live, public pages; snippets
linked only to published pages) and states what it loads, so a listing costs the
same number of queries for one item as for fifty.
"""

from typing import Annotated, Any, Literal

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StringConstraints

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

from api.schemas import (
    ApiIndexSchema,
    ArticleDetailSchema,
    ArticleSchema,
    ConditionSchema,
    SearchHitSchema,
    SourceSchema,
    TherapyDetailSchema,
    TherapySchema,
    page_url,
)
from articles.models import ArticlePage, ArticleTherapy
from helix.links import absolute_url
from search.forms import clean_query
from search.queries import KINDS, Filters, SearchTerms, published_pages, search_all
from sources.models import Source, SourceKind
from therapies.models import Condition, Modality, TherapyPage

router = Router()

#: The largest integer a database column holds (a signed 64-bit integer). An offset or
#: an id beyond it names nothing, and the database would refuse it with an error (a
#: 500) instead of answering "nothing there": such numbers stop here.
LARGEST_INTEGER = 2**63 - 1


class Pagination(WagtailLimitOffsetPagination):
    """Wagtail v3's limit/offset pagination, with numbers a database can take (else a 422)."""

    class Input(WagtailLimitOffsetPagination.Input):
        limit: int = Field(default=20, ge=1, le=LARGEST_INTEGER)
        offset: int = Field(default=0, ge=0, le=LARGEST_INTEGER)


def get_or_404(queryset: QuerySet, pk: int) -> Any:
    """The object with id ``pk`` in ``queryset``, or a 404, also for an id no column holds."""
    if not 1 <= pk <= LARGEST_INTEGER:
        raise Http404("Nothing has this id.")
    return get_object_or_404(queryset, pk=pk)


#: The endpoints the index lists, by path under the API's root.
ENDPOINTS = [
    (
        "articles",
        "articles/",
        "Published articles, newest first; filter by tag, section, therapy or condition.",
    ),
    (
        "therapies",
        "therapies/",
        "Published therapy profiles, A to Z; filter by tag, condition or type.",
    ),
    ("conditions", "conditions/", "Conditions with the published therapies for each."),
    (
        "sources",
        "sources/",
        "The reference library; filter by type, tag, DOI, PMID, PMCID, NCT number or URL.",
    ),
    ("search", "search/?q=", "Search everything, or one type (?type=), best match first."),
]


@router.get(
    "/",
    response=ApiIndexSchema,
    tags=["index"],
    summary="What this API offers: its endpoints and its OpenAPI document",
    operation_id="index",
)
def api_index(request: HttpRequest) -> dict:
    from api.api import api  # the NinjaAPI mounts this router: imported when answering

    root = reverse("helix_api:api-root")
    return {
        "title": api.title,
        "version": api.version,
        "description": api.description,
        "openapi": absolute_url(reverse("helix_api:openapi-json"), request),
        "docs": absolute_url(reverse("helix_api:openapi-view"), request),
        "endpoints": [
            {"name": name, "url": absolute_url(root + path, request), "description": text}
            for name, path, text in ENDPOINTS
        ],
    }


def _published_therapy_links() -> Prefetch:
    return Prefetch(
        "therapy_links",
        queryset=ArticleTherapy.objects.filter(
            therapy__in=published_pages(TherapyPage).values("pk")
        ).select_related("therapy"),
    )


def articles_queryset() -> QuerySet:
    return (
        published_pages(ArticlePage)
        .select_related("section")
        .prefetch_related("tags", "authors__author", _published_therapy_links())
        .order_by(F("first_published").desc(nulls_last=True), F("first_published_at").desc(), "-pk")
    )


def therapies_queryset() -> QuerySet:
    return published_pages(TherapyPage).prefetch_related("tags", "conditions").order_by("title")


def conditions_queryset() -> QuerySet:
    return Condition.objects.prefetch_related(
        "tags",
        Prefetch(
            "therapies",
            queryset=published_pages(TherapyPage).order_by("title").only("pk", "title", "url_path"),
            to_attr="live_therapies",
        ),
    ).order_by("name")


def sources_queryset() -> QuerySet:
    return Source.objects.prefetch_related("authors", "tags").order_by("-year", "title", "pk")


# A filter value names a slug or an identifier: printable text of a sane length. A NUL
# byte would otherwise reach PostgreSQL, which refuses it (a 500 instead of a 422).
FilterText = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]


class ArticleFilters(Schema):
    tag: FilterText | None = None
    section: FilterText | None = None
    therapy: FilterText | None = None
    condition: FilterText | None = None


class TherapyFilters(Schema):
    tag: FilterText | None = None
    condition: FilterText | None = None
    type: Modality | None = None


class ConditionFilters(Schema):
    tag: FilterText | None = None
    therapy: FilterText | None = None


class SourceFilters(Schema):
    tag: FilterText | None = None
    type: SourceKind | None = None
    doi: FilterText | None = None
    pmid: FilterText | None = None
    pmcid: FilterText | None = None
    nct: FilterText | None = None
    url: FilterText | None = None


@router.get(
    "/articles/",
    response=list[ArticleSchema],
    tags=["articles"],
    summary="List published articles, newest first",
    operation_id="articles_list",
)
@paginate(Pagination)
def list_articles(request: HttpRequest, filters: Query[ArticleFilters]) -> QuerySet:
    queryset = articles_queryset().defer_streamfields()
    if filters.tag:
        queryset = queryset.filter(tags__slug=filters.tag)
    if filters.section:
        queryset = queryset.filter(section__slug=filters.section)
    if filters.therapy:
        queryset = queryset.filter(pk__in=pages_about_therapies(therapy__slug=filters.therapy))
    if filters.condition:
        queryset = queryset.filter(
            pk__in=pages_about_therapies(therapy__conditions__slug=filters.condition)
        )
    return queryset


def pages_about_therapies(**therapy_lookup) -> QuerySet:
    """Ids of articles that chose a published therapy matching the lookup."""
    links = ArticleTherapy.objects.filter(
        therapy__in=published_pages(TherapyPage).values("pk"), **therapy_lookup
    )
    return links.values("page")


@router.get(
    "/articles/{article_id}/",
    response=ArticleDetailSchema,
    tags=["articles"],
    summary="One published article, with its body",
    operation_id="articles_detail",
)
def get_article(request: HttpRequest, article_id: int) -> ArticlePage:
    return get_or_404(articles_queryset().select_related("reviewed_by"), article_id)


@router.get(
    "/therapies/",
    response=list[TherapySchema],
    tags=["therapies"],
    summary="List published therapy profiles, A to Z",
    operation_id="therapies_list",
)
@paginate(Pagination)
def list_therapies(request: HttpRequest, filters: Query[TherapyFilters]) -> QuerySet:
    queryset = therapies_queryset().defer_streamfields()
    if filters.tag:
        queryset = queryset.filter(tags__slug=filters.tag)
    if filters.condition:
        queryset = queryset.filter(conditions__slug=filters.condition)
    if filters.type:
        queryset = queryset.filter(modality=filters.type)
    return queryset


@router.get(
    "/therapies/{therapy_id}/",
    response=TherapyDetailSchema,
    tags=["therapies"],
    summary="One published therapy profile, with approvals, trials and body",
    operation_id="therapies_detail",
)
def get_therapy(request: HttpRequest, therapy_id: int) -> TherapyPage:
    queryset = therapies_queryset().prefetch_related("approvals", "trials", "centres")
    return get_or_404(queryset, therapy_id)


@router.get(
    "/conditions/",
    response=list[ConditionSchema],
    tags=["conditions"],
    summary="List conditions, A to Z, with the published therapies for each",
    operation_id="conditions_list",
)
@paginate(Pagination)
def list_conditions(request: HttpRequest, filters: Query[ConditionFilters]) -> QuerySet:
    queryset = conditions_queryset()
    if filters.tag:
        queryset = queryset.filter(tags__slug=filters.tag)
    if filters.therapy:
        treated_by = published_pages(TherapyPage).filter(slug=filters.therapy)
        queryset = queryset.filter(therapies__in=treated_by.values("pk"))
    return queryset


@router.get(
    "/conditions/{condition_id}/",
    response=ConditionSchema,
    tags=["conditions"],
    summary="One condition",
    operation_id="conditions_detail",
)
def get_condition(request: HttpRequest, condition_id: int) -> Condition:
    return get_or_404(conditions_queryset(), condition_id)


@router.get(
    "/sources/",
    response=list[SourceSchema],
    tags=["sources"],
    summary="List the reference library, newest first",
    operation_id="sources_list",
)
@paginate(Pagination)
def list_sources(request: HttpRequest, filters: Query[SourceFilters]) -> QuerySet:
    queryset = sources_queryset()
    if filters.tag:
        queryset = queryset.filter(tags__slug=filters.tag)
    if filters.type:
        queryset = queryset.filter(kind=filters.type)
    identifiers = {
        name: getattr(filters, name)
        for name in ("doi", "pmid", "pmcid", "nct", "url")
        if getattr(filters, name)
    }
    try:
        # The library's own normalisers: a doi.org link, upper case or "PMID: " all match.
        return queryset.identified_by(**identifiers)
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from error


@router.get(
    "/sources/{source_id}/",
    response=SourceSchema,
    tags=["sources"],
    summary="One source",
    operation_id="sources_detail",
)
def get_source(request: HttpRequest, source_id: int) -> Source:
    return get_or_404(sources_queryset(), source_id)


class SearchParams(Schema):
    q: str = ""
    type: Literal["article", "therapy", "condition", "source"] | None = None
    tag: str | None = None
    section: str | None = None


def _hit(key: str, obj: Any, request: HttpRequest) -> dict:
    if key in {"article", "therapy"}:
        url = page_url(obj, {"request": request})
        return {"type": key, "id": obj.pk, "title": obj.title, "url": url}
    url = None
    if hasattr(obj, "get_absolute_url"):
        url = absolute_url(obj.get_absolute_url(), request)
    title = obj.name if key == "condition" else obj.title
    return {"type": key, "id": obj.pk, "title": title, "url": url}


@router.get(
    "/search/",
    response=list[SearchHitSchema],
    tags=["search"],
    summary="Search everything, or one type, best match first",
    operation_id="search",
)
@paginate(Pagination)
def search(request: HttpRequest, params: Query[SearchParams]) -> list[dict]:
    terms = SearchTerms(clean_query(params.q))
    results = search_all(terms, Filters(tag=params.tag or "", section=params.section or ""))
    keys = [params.type] if params.type else list(KINDS)
    return _LazyHits(request, [(key, pk) for key in keys for pk in results[key].pks])


class _LazyHits:
    """Ranked (type, pk) pairs that load only the slice a page of results needs."""

    def __init__(self, request: HttpRequest, ranked: list[tuple[str, int]]):
        self.request = request
        self.ranked = ranked

    def __len__(self) -> int:
        return len(self.ranked)

    def __getitem__(self, window: slice) -> list[dict]:
        wanted = self.ranked[window]
        loaded: dict[tuple[str, int], Any] = {}
        for key in KINDS:
            pks = [pk for kind, pk in wanted if kind == key]
            if pks:
                loaded.update(((key, obj.pk), obj) for obj in KINDS[key].load(pks))
        return [
            _hit(key, loaded[(key, pk)], self.request) for key, pk in wanted if (key, pk) in loaded
        ]


@router.get("/{path:unknown}", include_in_schema=False)
def not_found(request: HttpRequest, unknown: str) -> None:
    """Any other address under the API: a JSON problem naming the index, never an HTML page."""
    raise Http404(
        f"No endpoint at this address. The API's endpoints are listed at "
        f"{absolute_url(reverse('helix_api:api-root'), request)}"
    )
