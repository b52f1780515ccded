"""Search on PostgreSQL ranks a bounded set of candidates (search/candidates.py).

The thresholds are lowered so that a handful of articles behave like a common
word over 100,000: ``SMALL_TABLE = 0`` turns the candidate step on, and
``RANK_ALL``/``RANKED`` choose between ranking every match and ranking the newest.
"""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import ArticlePage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the candidate step is PostgreSQL's only"
    ),
]


def titles(soup) -> list[str]:
    return [h3.get_text(strip=True) for h3 in soup.select(".search-result--article h3")]


def dated(page, days_ago: int):
    ArticlePage.objects.filter(pk=page.pk).update(
        first_published=timezone.now() - timedelta(days=days_ago)
    )


@pytest.fixture
def vector_articles(library):
    """Six recent articles with "vector" in the body, one old one with it in the title."""
    for day in range(1, 7):
        dated(library.article(f"Report {day}", text="A vector in the body."), day)
    dated(library.article("Vector biology", text="Plain words."), 400)


@pytest.fixture
def thresholds(monkeypatch):
    def set_(**values):
        for name, value in {"SMALL_TABLE": 0, **values}.items():
            monkeypatch.setattr(f"search.candidates.{name}", value)

    return set_


@pytest.mark.parametrize("sparse", [0, 10**6], ids=["walk-listing-order", "gin-then-order"])
def test_common_word_ranks_title_matches_and_the_newest_then_follows_recency(
    vector_articles, thresholds, client, parse, sparse
):
    thresholds(RANK_ALL=0, RANKED=2, SPARSE_MATCHES=sparse)

    found = titles(parse(client.get("/search/", {"q": "vector", "type": "article"})))

    assert found[0] == "Vector biology", "an old title match is still a candidate, ranked first"
    assert set(found[1:3]) == {"Report 1", "Report 2"}, "the newest two are ranked"
    assert found[3:] == ["Report 3", "Report 4", "Report 5", "Report 6"][: len(found) - 3]


def test_every_match_counts_up_to_the_limit(vector_articles, thresholds, client, parse):
    thresholds(RANK_ALL=0, RANKED=2)
    soup = parse(client.get("/search/", {"q": "vector"}))
    count = soup.select_one('.search__facets a[data-type="article"] .search__count')
    assert count.get_text(strip=True) == "(7)"


def test_rare_word_ranks_every_match(library, thresholds, client, parse):
    thresholds(RANK_ALL=10**6)
    library.article("Notes from the clinic", text="Zolgensma is mentioned only in passing here.")
    library.article("Zolgensma explained", text="An overview of a gene therapy.")

    found = titles(parse(client.get("/search/", {"q": "zolgensma", "type": "article"})))

    assert found == ["Zolgensma explained", "Notes from the clinic"]


def test_estimates_are_reused(vector_articles, thresholds, client):
    thresholds(RANK_ALL=0, RANKED=2)
    client.get("/search/", {"q": "vector"})
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "vector"})
    assert not [q for q in queries if q["sql"].startswith("EXPLAIN")]


def test_drafts_never_become_candidates(library, thresholds, client, parse):
    thresholds(RANK_ALL=0, RANKED=1)
    library.article("Vector draft", text="vector", state="draft")
    for day in range(1, 4):
        dated(library.article(f"Vector {day}", text="vector"), day)

    found = titles(parse(client.get("/search/", {"q": "vector", "type": "article"})))

    assert sorted(found) == ["Vector 1", "Vector 2", "Vector 3"]


def test_source_search_has_trigram_indexes():
    """Substring search over titles, journals and authors is answered from GIN indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["sources_%_trgm"]
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "sources_source_title_trgm",
        "sources_source_container_trgm",
        "sources_sourceauthor_family_trgm",
        "sources_sourceauthor_given_trgm",
    }
