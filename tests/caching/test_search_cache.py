"""A cached search page is refreshed by edits to what it counts, not only to what it shows.

The "everything" view shows five results of each kind but counts all that
matched; ranking reads keys only, so the rows counted but not shown must still
tag the cached page.
"""

import pytest

from sources.factories import SourceFactory
from tests.publication_states import Library
from therapies.factories import ConditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def search(client, parse):
    """Search twice (the second request may be a hit): the response, a kind's count, its titles."""

    def get(query: str, kind: str):
        client.get("/search/", {"q": query})
        response = client.get("/search/", {"q": query})
        soup = parse(response)
        count = soup.select_one(f'.search__facets a[data-type="{kind}"] .search__count').text
        shown = [h3.get_text(strip=True) for h3 in soup.select(f".search-result--{kind} h3")]
        return response, count, shown

    return get


def counted_not_shown(search, query: str, kind: str, rows: list, title=str):
    """Check the cached search counts all 7 ``rows`` and shows 5; return one not shown."""
    response, count, shown = search(query, kind)
    assert response["X-Helix-Cache"] == "hit"
    assert count == "(7)" and len(shown) == 5
    return next(row for row in rows if title(row) not in shown)


def test_renaming_a_counted_condition_refreshes_the_cached_search(home, search):
    conditions = [ConditionFactory(name=f"Haemophilia type {number}") for number in range(7)]
    hidden = counted_not_shown(search, "haemophilia", "condition", conditions, lambda c: c.name)
    hidden.name = "Sickle cell disease"
    hidden.save()

    assert search("haemophilia", "condition")[1] == "(6)"


def test_retitling_a_counted_source_refreshes_the_cached_search(home, search):
    sources = [
        SourceFactory(title=f"Retina study {number}", year=2000 + number) for number in range(7)
    ]
    hidden = counted_not_shown(search, "retina", "source", sources, lambda s: s.title)
    hidden.title = "Liver study"
    hidden.save()

    assert search("retina", "source")[1] == "(6)"


def test_withdrawing_a_counted_article_refreshes_the_cached_search(home, search):
    library = Library(home)
    articles = [library.article(f"Retina report {number}") for number in range(7)]
    counted_not_shown(search, "retina", "article", articles, lambda a: a.title).unpublish()

    assert search("retina", "article")[1] == "(6)"
