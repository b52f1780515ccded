"""The public library: listing with search, filters and pagination; detail; downloads."""

import json

import pytest

from articles.factories import ArticlePageFactory
from sources.factories import SourceFactory
from sources.models import NoticeKind
from tests.sources.helpers import cite, paragraph, publish

pytestmark = pytest.mark.django_db


def titles(soup) -> list[str]:
    return [h.get_text(strip=True) for h in soup.select(".source-list__title")]


def test_listing_searches_and_filters(home, client, parse):
    vector = SourceFactory(title="Lentiviral vectors in haemophilia", year=2021)
    SourceFactory(title="CAR-T cells in lymphoma", year=2022, tags=["CAR-T"])
    retracted = SourceFactory(
        kind="report", title="A retracted report", year=2020, notice_kind=NoticeKind.RETRACTION
    )
    assert titles(parse(client.get("/sources/?q=lentiviral"))) == [vector.title]
    assert titles(parse(client.get("/sources/?kind=report"))) == [retracted.title]
    assert titles(parse(client.get("/sources/?year=2021"))) == [vector.title]
    assert titles(parse(client.get("/sources/?tag=car-t"))) == ["CAR-T cells in lymphoma"]
    assert titles(parse(client.get("/sources/?retracted=on"))) == [retracted.title]
    soup = parse(client.get("/sources/?year=not-a-year"))
    assert "Enter a whole number." in soup.select_one(".filters__error").get_text()
    assert len(titles(soup)) == 3


@pytest.mark.parametrize("query", ['"lentiviral vectors"', '"lentiviral', 'lentiviral"', 'x"y'])
def test_quotes_in_a_search_are_read_as_text(home, client, parse, query):
    """A double quote once reached SQLite's FTS5 unescaped: a 500 (wagtail/wagtail#13227)."""
    vector = SourceFactory(title="Lentiviral vectors in haemophilia", year=2021)
    SourceFactory(title="CAR-T cells in lymphoma", year=2022)

    response = client.get("/sources/", {"q": query})

    assert response.status_code == 200
    expected = [] if query == 'x"y' else [vector.title]
    assert titles(parse(response)) == expected


@pytest.mark.parametrize(("page", "shown"), [("2", "2"), ("99", "2"), ("abc", "1"), ("-3", "1")])
def test_bad_page_numbers_show_the_nearest_page(home, client, parse, page, shown):
    for number in range(25):
        SourceFactory(title=f"Paged source {number:02d}", year=2000 + number)
    response = client.get(f"/sources/?page={page}")
    assert response.status_code == 200
    current = parse(response).select_one(".pagination [aria-current=page]").get_text()
    assert current == f"Page {shown} of 2"


@pytest.mark.parametrize("count", [1, 30])
def test_listing_query_budget(count, home, client, django_assert_max_num_queries):
    for number in range(count):
        SourceFactory(authors=[("Smith", "Jo")], year=2000 + number)
    client.get("/sources/")
    with django_assert_max_num_queries(3):
        assert client.get("/sources/").status_code == 200


def test_detail_shows_identifiers_and_redirects_to_the_canonical_slug(home, client, parse):
    source = SourceFactory(
        title="Gene therapy review",
        doi="10.1000/review",
        pmid="123456",
        pmcid="PMC654321",
        nct_number="NCT01234567",
    )
    response = client.get(f"/sources/{source.pk}-wrong-slug/")
    assert response.status_code == 301 and response["Location"] == source.get_absolute_url()
    soup = parse(client.get(source.get_absolute_url()))
    links = {a["href"] for a in soup.select(".source-detail__identifiers a")}
    assert {
        "https://doi.org/10.1000/review",
        "https://pubmed.ncbi.nlm.nih.gov/123456/",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC654321/",
        "https://clinicaltrials.gov/study/NCT01234567",
    } <= links
    assert client.get("/sources/999999-missing/").status_code == 404


def test_download_a_pages_references(article_index, client):
    cited = SourceFactory(title="Cited work")
    further = SourceFactory(title="Further work")
    page = publish(
        ArticlePageFactory(
            parent=article_index,
            body=[paragraph(f"<p>{cite(cited)}</p>")],
            further_reading=[{"type": "source", "value": further.pk}],
        )
    )
    response = client.get(f"/sources/references/{page.pk}.csl-json")
    assert response["Content-Disposition"].endswith(f'references-{page.slug}.json"')
    assert [item["title"] for item in json.loads(response.content)] == [
        "Cited work",
        "Further work",
    ]
    assert b"@article" in client.get(f"/sources/references/{page.pk}.bibtex").content
    assert client.get(f"/sources/references/{page.pk}.doc").status_code == 404
    page.unpublish()
    assert client.get(f"/sources/references/{page.pk}.ris").status_code == 404


def test_download_the_filtered_library(home, client):
    SourceFactory(title="Kept", kind="report")
    SourceFactory(title="Left out")
    response = client.get("/sources/export.ris?kind=report")
    assert response.status_code == 200
    text = response.content.decode()
    assert "TI  - Kept" in text and "Left out" not in text
