"""What Helix can be searched for, and how each kind of content is looked up.

One reader query runs over four kinds of content: articles, therapy profiles,
conditions and sources. Pages and conditions go through Wagtail's search backend
(``wagtail.search.backends.database``: PostgreSQL full-text search in production,
SQLite FTS5 elsewhere), so titles and names (boosted in each model's
``search_fields``) rank above body text. Sources are not indexed models, so they
are matched with a plain queryset over title, author, DOI and PMID.

Each kind is searched in two steps: the backend ranks at most ``MAX_RANKED``
primary keys, then one ORM query applies the reader's filters (tag, section) to
those keys. Filtering after ranking means no filter needs an ``index.FilterField``
on another app's model, and the number of queries stays the same however many
results there are.

On PostgreSQL the backend ranks a bounded set of candidates (``search/candidates.py``):
it would otherwise compute ``ts_rank`` over every match before its ``LIMIT``
(a common word matches all 100,000 articles: seconds per search).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Expression, F, Model, Q, QuerySet, Subquery

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from articles.models import ArticlePage
from caching.declared import show
from caching.keys import listing_key
from helix.pages import open_to_readers
from search.candidates import candidates
from sources.identifiers import normalise_doi, normalise_pmid
from sources.models import Source, SourceAuthor
from therapies.models import Condition, TherapyPage

#: The most results ranked per kind; a reader never pages past this.
MAX_RANKED = 500
#: Words beyond this many are ignored: they never improve a ranking.
MAX_TERMS = 12

_DOI = re.compile(r"\b(10\.\d{4,9}/\S+)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def published_pages(model: type[Page]) -> QuerySet:
    """Live, public pages of ``model``: the pages any listing may show.

    Uses the model's own ``published()`` vocabulary when its manager has one
    (articles also hide pages whose publication date is still to come).
    """
    queryset = model.objects.all()
    if hasattr(queryset, "published"):
        return queryset.published()
    return queryset.live().filter(open_to_readers())


@dataclass(frozen=True)
class SearchTerms:
    """A reader's query, prepared once for every kind of lookup."""

    text: str

    @property
    def words(self) -> list[str]:
        return [word for word in _NON_WORD.split(self.text) if word][:MAX_TERMS]

    @property
    def full_text(self) -> str:
        """Words only: full-text backends never see operators or punctuation."""
        return " ".join(self.words)

    @property
    def doi(self) -> str:
        """A DOI in the query, in the form the library stores (``normalise_doi``)."""
        match = _DOI.search(self.text)
        return _normalised(normalise_doi, match.group(1).rstrip(".,;")) if match else ""

    @property
    def pmid(self) -> str:
        """The query as a PubMed ID (``PMID: 0123`` too), as the library stores it."""
        return _normalised(normalise_pmid, self.text)

    def __bool__(self) -> bool:
        return bool(self.words)


def _normalised(normalise: Callable[[str], str], value: str) -> str:
    """The library's form of an identifier, or "" when ``value`` is not one."""
    try:
        return normalise(value)
    except ValidationError:
        return ""


@dataclass(frozen=True)
class Filters:
    """The reader's narrowing choices; empty strings mean "any"."""

    tag: str = ""
    section: str = ""

    def __bool__(self) -> bool:
        return bool(self.tag or self.section)


@dataclass(frozen=True)
class Kind:
    """One kind of searchable content and how to find it."""

    key: str
    label: str
    model: type[Model]
    rank: Callable[[SearchTerms], list[int]]
    narrow: Callable[[QuerySet, Filters], QuerySet | None]
    load: Callable[[Sequence[int]], QuerySet]
    sectioned: bool = False


def _backend_rank(queryset: QuerySet, terms: SearchTerms) -> list[int]:
    """Primary keys in relevance order from Wagtail's search backend."""
    backend = get_search_backend()
    chosen = candidates(backend, queryset, terms.full_text, MAX_RANKED)
    if chosen is not None:
        queryset = queryset.filter(pk__in=chosen.rank)
    results = backend.search(
        terms.full_text, queryset.only("pk"), operator="or", order_by_relevance=True
    )
    ranked = _ranked_keys(results[:MAX_RANKED])
    if chosen is not None and chosen.then:
        seen = set(ranked)
        ranked += [pk for pk in chosen.then if pk not in seen]
    return ranked[:MAX_RANKED]


def _ranked_keys(results) -> list[int]:
    """The primary keys of ranked search results, without building a model per result.

    A page instance costs about 50 µs to build (Wagtail's and modelcluster's
    ``__init__``), and a common word ranks hundreds of articles and therapy
    profiles: 15-20 ms a search. The database backends (PostgreSQL, SQLite)
    build their ranking as a queryset (``get_queryset()``), which can return keys
    only; any other backend's results are iterated.
    """
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is None:
        return [obj.pk for obj in results]
    return list(get_queryset().values_list("pk", flat=True))


def _rank_articles(terms: SearchTerms) -> list[int]:
    return _backend_rank(ArticlePage.objects.searchable(), terms)


def _rank_therapies(terms: SearchTerms) -> list[int]:
    return _backend_rank(TherapyPage.objects.searchable(), terms)


def _rank_conditions(terms: SearchTerms) -> list[int]:
    return _backend_rank(Condition.objects.all(), terms)


def _rank_sources(terms: SearchTerms) -> list[int]:
    """Sources by identifier, then title, then journal or author; every word must match.

    Each tier is read in the library's order (newest first) and only up to what
    the tiers before it left of ``MAX_RANKED``. Ranking all three in one query
    (a ``CASE`` in the ``ORDER BY``) read and sorted every match: 10,000 rows of
    50,000 for a common word, 100+ ms. Now a common word fills the limit from
    titles alone by walking the ``(year, title)`` index (``sources_library_order``),
    and the journal-and-author query runs only when titles leave room.
    """
    title_phrase = Q(title__icontains=terms.full_text)
    exact = _identifier_match(terms)
    exact_pks = _in_library_order(exact, MAX_RANKED) if exact else []
    ranked = list(exact_pks)
    tiers = (lambda: title_phrase, lambda: _every_word_somewhere(terms) & ~title_phrase)
    for tier in tiers:
        room = MAX_RANKED - len(ranked)
        if room <= 0:
            break
        found = _in_library_order(tier(), room + len(exact_pks))
        ranked += [pk for pk in found if pk not in exact_pks][:room]
    return ranked


def _identifier_match(terms: SearchTerms) -> Q | None:
    """A DOI or PubMed ID in the query, matched exactly; None when there is neither."""
    exact = Q()
    if terms.doi:
        exact |= Q(doi=terms.doi)
    if terms.pmid:
        exact |= Q(pmid=terms.pmid)
    return exact or None


class KeyAmong(Expression):
    """``pk IN (subquery)``, written for PostgreSQL as ``pk = ANY(ARRAY(subquery))``.

    Inside an ``OR``, PostgreSQL guesses that an ``IN (subquery)`` keeps half the
    table, so for a rare word it walks the library's order past every source
    (125 ms at 50,000). The array is computed once and estimated as a few keys:
    the planner combines the trigram indexes with the primary key's instead
    (under 1 ms). Other databases get the plain ``IN``.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, subquery: QuerySet):
        super().__init__()
        self.key, self.subquery = F("pk"), Subquery(subquery)

    def get_source_expressions(self):
        return [self.key, self.subquery]

    def set_source_expressions(self, expressions):
        self.key, self.subquery = expressions

    def as_sql(self, compiler, connection, template="%s IN %s"):
        key_sql, key_params = compiler.compile(self.key)
        subquery_sql, subquery_params = compiler.compile(self.subquery)
        return template % (key_sql, subquery_sql), (*key_params, *subquery_params)

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, template="%s = ANY(ARRAY%s)")


def _every_word_somewhere(terms: SearchTerms) -> Q:
    """Each word in the title, the journal or an author's name."""
    match = Q()
    for word in terms.words:
        # A subquery, not a join: a source with many authors stays one row.
        by_author = SourceAuthor.objects.filter(
            Q(family__icontains=word) | Q(given__icontains=word)
        ).values("source")
        match &= Q(title__icontains=word) | Q(container_title__icontains=word) | KeyAmong(by_author)
    return match


def _in_library_order(condition: Q, limit: int) -> list[int]:
    """The first ``limit`` sources matching ``condition``, newest first, then by title."""
    return list(
        Source.objects.filter(condition)
        .order_by("-year", "title")
        .values_list("pk", flat=True)[:limit]
    )


def _tagged(queryset: QuerySet, filters: Filters) -> QuerySet:
    if filters.tag:
        queryset = queryset.filter(tags__slug=filters.tag)
    return queryset


def _narrow_articles(queryset: QuerySet, filters: Filters) -> QuerySet:
    queryset = _tagged(queryset, filters)
    if filters.section:
        queryset = queryset.filter(section__slug=filters.section)
    return queryset


def _unsectioned(queryset: QuerySet, filters: Filters) -> QuerySet | None:
    """Only articles belong to sections: other kinds drop out when one is chosen."""
    if filters.section:
        return None
    return _tagged(queryset, filters)


def _load_articles(pks: Sequence[int]) -> QuerySet:
    return (
        ArticlePage.objects.filter(pk__in=pks)
        .defer_streamfields()
        .select_related("section")
        .prefetch_related("tags")
    )


def _load_therapies(pks: Sequence[int]) -> QuerySet:
    return TherapyPage.objects.filter(pk__in=pks).defer_streamfields().prefetch_related("tags")


def _load_conditions(pks: Sequence[int]) -> QuerySet:
    return Condition.objects.filter(pk__in=pks).prefetch_related("tags")


def _load_sources(pks: Sequence[int]) -> QuerySet:
    return Source.objects.filter(pk__in=pks).prefetch_related("authors", "tags")


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind(
            "article",
            "Articles",
            ArticlePage,
            _rank_articles,
            _narrow_articles,
            _load_articles,
            sectioned=True,
        ),
        Kind(
            "therapy",
            "Therapy profiles",
            TherapyPage,
            _rank_therapies,
            _unsectioned,
            _load_therapies,
        ),
        Kind(
            "condition", "Conditions", Condition, _rank_conditions, _unsectioned, _load_conditions
        ),
        Kind("source", "Sources", Source, _rank_sources, _unsectioned, _load_sources),
    )
}


@dataclass
class KindResults:
    """The ranked, filtered primary keys of one kind; objects are loaded per page."""

    kind: Kind
    pks: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.pks)

    def load(self, pks: Sequence[int]) -> list[Model]:
        """The objects for ``pks``, in the order given (the ranking)."""
        by_pk = {obj.pk: obj for obj in self.kind.load(pks)}
        return [by_pk[pk] for pk in pks if pk in by_pk]


def search_kind(kind: Kind, terms: SearchTerms, filters: Filters) -> KindResults:
    """Rank one kind of content for ``terms`` and keep what ``filters`` allow."""
    if not terms:
        return KindResults(kind)
    ranked = kind.rank(terms)
    # A kept result page shows counts of every ranked row: any edit of the kind refreshes it.
    show(listing_key(kind.model))
    if not ranked or not filters:
        return KindResults(kind, ranked)
    narrowed = kind.narrow(kind.model._default_manager.filter(pk__in=ranked), filters)
    if narrowed is None:
        return KindResults(kind)
    allowed = set(narrowed.values_list("pk", flat=True))
    return KindResults(kind, [pk for pk in ranked if pk in allowed])


def search_all(terms: SearchTerms, filters: Filters) -> dict[str, KindResults]:
    """Every kind's results, keyed like ``KINDS`` (for counts per type)."""
    return {key: search_kind(kind, terms, filters) for key, kind in KINDS.items()}
