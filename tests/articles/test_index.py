"""The article index: newest first, 12 a page, forgiving pagination, filters, archive."""

import datetime

import pytest

from wagtail.models import PageViewRestriction

from articles.factories import ArticlePageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def titles(soup):
    listing = soup.find("section", attrs={"aria-label": "Articles"})
    return [h.get_text(strip=True) for h in listing.select(".article-card__title")]


@pytest.fixture
def many(index):
    """25 published articles: three pages of 12, 12 and 1."""
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    return [
        ArticlePageFactory(
            parent=index, title=f"A{n:02d}", first_published=start + datetime.timedelta(days=n)
        )
        for n in range(25)
    ]


def test_index_lists_newest_first_twelve_a_page(client, index, many, parse):
    soup = parse(client.get(index.url))
    assert titles(soup) == [f"A{n:02d}" for n in range(24, 12, -1)]
    nav = soup.find("nav", class_="pagination")
    assert nav.find("a", rel="next")["href"] == "?page=2"
    assert nav.find("a", rel="prev") is None
    assert "Page 1 of 3" in nav.get_text()
    soup = parse(client.get(index.url + "?page=3"))
    assert titles(soup) == ["A00"]
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/articles/?page=3"


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("?page=abc", 1),
        ("?page=0", 1),
        ("?page=-4", 1),
        ("?page=", 1),
        ("?page=2.5", 1),
        ("?page=99", 3),
        ("?page=99999999999999999999999", 3),
        ("?page=2&page=x", 1),
    ],
)
def test_bad_or_out_of_range_page_gives_nearest_page(
    client, index, many, parse, query, expected_page
):
    response = client.get(index.url + query)
    assert response.status_code == 200
    assert (
        f"Page {expected_page} of 3" in parse(response).find("nav", class_="pagination").get_text()
    )


def test_empty_index_says_so(client, index, parse):
    response = client.get(index.url + "?page=7")
    assert response.status_code == 200
    assert "No articles have been published here yet." in parse(response).get_text()
    assert parse(response).find("nav", class_="pagination") is None


def test_drafts_private_and_future_articles_never_listed(client, index, parse):
    ArticlePageFactory(parent=index, title="Visible", tags=["car-t"])
    ArticlePageFactory(parent=index, title="Draft", live=False, tags=["car-t"])
    future = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    ArticlePageFactory(parent=index, title="Future", first_published=future, tags=["car-t"])
    private = ArticlePageFactory(parent=index, title="Private", tags=["car-t"])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    for url in (
        index.url,
        index.url + "tag/car-t/",
        index.url + "archive/" + str(future.year) + "/",
    ):
        response = client.get(url)
        if response.status_code == 200:
            assert "Draft" not in titles(parse(response)), url
            assert "Future" not in titles(parse(response)), url
            assert "Private" not in titles(parse(response)), url
    assert titles(parse(client.get(index.url))) == ["Visible"]


def test_filter_by_section_through_the_url(client, index, parse):
    ethics = SectionFactory(name="Ethics", slug="ethics")
    advances = SectionFactory(name="Advances", slug="advances")
    ArticlePageFactory(parent=index, title="On ethics", section=ethics)
    ArticlePageFactory(parent=index, title="On advances", section=advances)
    soup = parse(client.get(index.url + "section/ethics/"))
    assert titles(soup) == ["On ethics"]
    assert "Ethics" in soup.find("p", class_="listing-heading").get_text()
    nav = soup.find("nav", attrs={"aria-labelledby": "sections-title"})
    assert [a["href"] for a in nav.find_all("a")] == [
        "/articles/section/advances/",
        "/articles/section/ethics/",
    ]
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "Ethics"
    assert client.get(index.url + "section/no-such-section/").status_code == 404


def test_filter_by_tag_through_the_url(client, index, parse):
    ArticlePageFactory(parent=index, title="Tagged", tags=["CAR-T"])
    ArticlePageFactory(parent=index, title="Other", tags=["ethics"])
    ArticlePageFactory(parent=index, title="Draft", tags=["secret"], live=False)
    soup = parse(client.get(index.url + "tag/car-t/"))
    assert titles(soup) == ["Tagged"]
    assert client.get(index.url + "tag/unknown/").status_code == 404
    assert client.get(index.url + "tag/secret/").status_code == 404, "drafts do not count"


def test_filtered_listings_paginate_without_parameters_they_do_not_read(client, index, parse):
    """The section is in the path; ``utm`` is nothing to the listing and its pager drops it."""
    section = SectionFactory(slug="advances")
    for n in range(13):
        ArticlePageFactory(parent=index, section=section, title=f"S{n}")
    soup = parse(client.get(index.url + "section/advances/?utm=x"))
    href = soup.find("nav", class_="pagination").find("a", rel="next")["href"]
    assert href == "?page=2"
    assert len(titles(parse(client.get(index.url + "section/advances/" + href)))) == 1


def test_year_and_month_archive(client, index, parse):
    def at(y, m, d):
        return datetime.datetime(y, m, d, 12, tzinfo=datetime.UTC)

    ArticlePageFactory(parent=index, title="March 2025", first_published=at(2025, 3, 14))
    ArticlePageFactory(parent=index, title="Feb 2025", first_published=at(2025, 2, 10))
    ArticlePageFactory(parent=index, title="Dec 2024", first_published=at(2024, 12, 9))
    soup = parse(client.get(index.url + "archive/2025/"))
    assert titles(soup) == ["March 2025", "Feb 2025"]
    assert "Published in 2025" in soup.get_text()
    soup = parse(client.get(index.url + "archive/2025/3/"))
    assert titles(soup) == ["March 2025"]
    assert "Published in March 2025" in soup.get_text()
    archive = soup.find("nav", attrs={"aria-labelledby": "archive-title"})
    assert [(a.get_text(), a["href"]) for a in archive.find_all("a")] == [
        ("March 2025", "/articles/archive/2025/3/"),
        ("February 2025", "/articles/archive/2025/2/"),
        ("December 2024", "/articles/archive/2024/12/"),
    ]
    assert titles(parse(client.get(index.url + "archive/2023/"))) == []


@pytest.mark.parametrize(
    "path", ["archive/2025/13/", "archive/2025/0/", "archive/0/", "archive/99999/"]
)
def test_impossible_archive_dates_are_not_found(client, index, path):
    assert client.get(index.url + path).status_code == 404
