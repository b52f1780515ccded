"""Wagtail's database search backend, given only queries its query builders can take.

Every search box that hands its text to the backend (the library listing, the
admin's listings and choosers) reached modelsearch's query builders raw, and three
kinds of text broke them with a 500:

- on SQLite, a double quote (``"``, ``a"b``): FTS5 gets each term wrapped in quotes
  but the quote inside left as it is, and refuses the syntax (wagtail/wagtail#13227);
  a query of spaces only fails there too;
- a NUL byte, which FTS5 reads as the end of the query and PostgreSQL refuses;
- thousands of terms, combined into one nested expression: a ``RecursionError``.

So each query string loses its NUL bytes, keeps its first ``MAX_TERMS``
terms (split as the backends split them) and, on SQLite, has its quotes doubled
(FTS5's escape inside a string); so does a ``PlainText`` query (the admin's page
search builds one with ``parse_query_string``). A blank string is no query
(modelsearch's empty results). The backend is modelsearch's own choice for the
database.

Settings: ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}``.
"""

import re
from functools import cache

from modelsearch.backends import database
from modelsearch.query import PlainText

from django.db import connection

#: Terms beyond this many are dropped: none improves a match, and thousands overflow.
MAX_TERMS = 32
#: How modelsearch's database backends split a query into terms.
TERM_SEPARATORS = re.compile(r"[\s\-]+")


def cleaned(query):
    """A query the backend's query builder takes; "" when nothing is left of a string."""
    if isinstance(query, PlainText):
        text = cleaned(query.query_string)
        return PlainText(text, operator=query.operator, boost=query.boost) if text else query
    if not isinstance(query, str):
        return query
    text = query.replace("\x00", "")
    terms = [term for term in TERM_SEPARATORS.split(text) if term]
    if not terms:
        return ""
    if len(terms) > MAX_TERMS:
        text = " ".join(terms[:MAX_TERMS])
    if connection.vendor == "sqlite":
        text = text.replace('"', '""')
    return text


class CleanQueries:
    """Mixed into the backend class: ``search`` and ``autocomplete`` get cleaned queries."""

    def search(self, query, model_or_queryset, *args, **kwargs):
        return super().search(cleaned(query), model_or_queryset, *args, **kwargs)

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        return super().autocomplete(cleaned(query), model_or_queryset, *args, **kwargs)


@cache
def cleaning(backend_class: type) -> type:
    """``backend_class`` with :class:`CleanQueries` in front (one class per backend)."""
    return type(backend_class.__name__, (CleanQueries, backend_class), {})


def SearchBackend(params):  # the name Wagtail looks for in a backend module
    """The backend modelsearch picks for this database, taking cleaned queries."""
    return cleaning(type(database.SearchBackend(params)))(params)
