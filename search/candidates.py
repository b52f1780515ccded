"""What the PostgreSQL backend ranks, bounded however common the words are.

Wagtail's PostgreSQL backend filters on ``(title || body) @@ query`` (no index
can serve the concatenation: a sequential scan of the index table) and orders
by ``ts_rank`` over both vectors, so it reads and ranks every match before its
``LIMIT``. A common word ("vector", "gene") matches nearly all 100,000
articles at scale: 2 to 4 s a search, almost all of it reading bodies to rank
(about 0.1 ms a match).

So on a large table the backend is given a restricted queryset. Which is
decided by PostgreSQL's own estimates (``EXPLAIN``: the statistics of
``content_type_id`` and the lexemes of ``title`` and ``body``; kept an hour in
Django's cache, so a returning query pays no extra round trip):

- a small table (under ``SMALL_TABLE`` entries: therapy profiles) is ranked in
  full by the backend, as before;
- a rare word (up to ``RANK_ALL`` estimated matches): every match, found
  through the GIN indexes, is ranked, as before but without the scan;
- a common word: the newest ``RANKED`` matches (in the queryset's own order:
  newest first for articles) and the newest ``RANKED`` whose *title* matches
  are ranked; the next newest matches follow in that order, up to the
  caller's limit. The first pages read as before (titles first, then the best
  of the recent); an old item with a common word only in its body is not
  reached (readers narrow with a second word, a tag or a section).

Each "newest N" query follows the estimate too: up to ``SPARSE_MATCHES``, the
GIN index finds every match and the listing order is walked against that set;
beyond, the listing order is walked and each page's entry checked until ``N``
match (a few thousand rows, matches being dense). PostgreSQL would walk in both
cases (it underestimates reading a body): half a second for a word in a few
percent of the articles.
"""

from __future__ import annotations

import hashlib
import json
import operator
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.db import connections
from django.db.models import IntegerField, Q, QuerySet
from django.db.models.functions import Cast

from search.backends import TERM_SEPARATORS

#: Tables with fewer index entries than this are ranked in full.
SMALL_TABLE = 5_000
#: Up to this many estimated matches, all are ranked (about 0.1 ms each at scale).
RANK_ALL = 500
#: For a common word, this many newest matches and this many newest title matches are ranked.
RANKED = 100
#: Up to this many estimated matching entries, the GIN index finds them all.
SPARSE_MATCHES = 10_000
#: Seconds an estimate is reused: statistics change only when PostgreSQL analyses the table.
ESTIMATE_TIMEOUT = 3600


def _filterable_by_pk(model) -> bool:
    """Whether the backend accepts ``pk__in`` on the model (pages: yes; small tables need not)."""
    names = {field.field_name for field in model.get_filterable_search_fields()}
    return bool(names & {"id", "pk", model._meta.pk.attname})


def _postgres_tsquery(backend, queryset: QuerySet, text: str):
    """A ``tsquery`` matching any of the words of ``text``, as the backend stems them, or None.

    Built with Django's ``SearchQuery`` in the backend's text-search configuration
    (``backend.config``): one plain query per word (split as the backend splits
    them), joined by OR, which is how the backend filters (``operator="or"``).
    """
    if connections[queryset.db].vendor != "postgresql":
        return None
    try:
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
    except ImportError:  # pragma: no cover - the PostgreSQL backend ships with Wagtail
        return None
    if not isinstance(backend, PostgresSearchBackend) or not _filterable_by_pk(queryset.model):
        return None
    words = [word for word in TERM_SEPARATORS.split(text) if word]
    if not words:
        return None
    queries = [SearchQuery(word, search_type="plain", config=backend.config) for word in words]
    return reduce(operator.or_, queries)


def _estimated_rows(entries: QuerySet) -> float:
    """PostgreSQL's estimate of the rows ``entries`` returns (no rows are read), cached."""
    sql, params = entries.query.sql_with_params()
    digest = hashlib.sha256(f"{sql}{params}".encode()).hexdigest()

    def explain() -> float:
        return json.loads(entries.explain(format="json"))[0]["Plan"]["Plan Rows"]

    return cache.get_or_set(f"helix:search-estimate:{digest}", explain, ESTIMATE_TIMEOUT)


def _entry_pks(entries: QuerySet) -> QuerySet:
    """The matched objects' primary keys, as a subquery (``object_id`` is text)."""
    return entries.annotate(object_pk=Cast("object_id", IntegerField())).values("object_pk")


def _newest(queryset: QuerySet, entries: QuerySet, through_entry: Q, limit: int) -> list[int]:
    """The first ``limit`` keys of ``queryset`` whose index entry is among ``entries``."""
    if _estimated_rows(entries) <= SPARSE_MATCHES:
        matching = queryset.filter(pk__in=_entry_pks(entries))
    else:
        matching = queryset.filter(through_entry)
    return list(matching.values_list("pk", flat=True)[:limit])


@dataclass
class Candidates:
    """Keys to rank (a list or a subquery), then keys that follow the ranked ones in order."""

    rank: object
    then: list[int] = field(default_factory=list)


def candidates(backend, queryset: QuerySet, text: str, limit: int) -> Candidates | None:
    """What to rank for ``text`` among ``queryset``; None to let the backend rank everything.

    None also when the backend is not PostgreSQL's (SQLite's FTS5 ranks with
    its index and stops at the ``LIMIT`` itself), or the model cannot be
    filtered by primary key in a search (conditions: a few hundred rows).
    """
    tsquery = _postgres_tsquery(backend, queryset, text)
    if tsquery is None:
        return None
    model = queryset.model
    entries = model._meta.get_field("index_entries").related_model.objects.filter(
        content_type=ContentType.objects.get_for_model(model)
    )
    if _estimated_rows(entries) < SMALL_TABLE:
        return None
    matching = entries.filter(Q(title=tsquery) | Q(body=tsquery))
    if _estimated_rows(matching) <= RANK_ALL:
        return Candidates(rank=_entry_pks(matching))
    if not queryset.ordered:
        queryset = queryset.order_by("-pk")
    newest = _newest(
        queryset,
        matching,
        Q(index_entries__title=tsquery) | Q(index_entries__body=tsquery),
        limit,
    )
    if len(newest) <= RANKED:
        return Candidates(rank=newest)
    in_title = _newest(
        queryset, entries.filter(title=tsquery), Q(index_entries__title=tsquery), RANKED
    )
    return Candidates(rank=list({*in_title, *newest[:RANKED]}), then=newest[RANKED:])
