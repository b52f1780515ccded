"""Tag pages: one vocabulary across articles, therapy profiles and sources."""

import pytest

from wagtail.models import PageViewRestriction

from articles.factories import ArticlePageFactory
from sources.models import Source

from .helpers import make_therapy

pytestmark = pytest.mark.django_db


def tagged_source(title, *tags):
    source = Source.objects.create(title=title, year=2022, container_title="Nature")
    source.tags.set(list(tags))
    source.save()
    return source


@pytest.fixture
def tagged(index, home):
    ArticlePageFactory(parent=index, title="CAR-T explained", tags=["CAR-T", "lymphoma"])
    ArticlePageFactory(
        parent=index, title="Draft on CAR-T", tags=["CAR-T", "draft-only"], live=False
    )
    private = ArticlePageFactory(parent=index, title="Private", tags=["CAR-T", "private-only"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    make_therapy(home, "car-t-cell-therapy", tags=["CAR-T"])
    make_therapy(home, "hidden-therapy", live=False, tags=["CAR-T", "hidden-only"])
    tagged_source("CAR-T in aggressive B-cell lymphoma", "CAR-T", "lymphoma")


def test_tag_index_counts_public_items_of_every_type(client, tagged, parse):
    response = client.get("/tags/")
    assert response.status_code == 200
    items = parse(response).find("ul", class_="tag-list").find_all("a")
    listed = {a["href"]: a.get_text(" ", strip=True) for a in items}
    assert listed == {
        "/tags/car-t/": "CAR-T (3 items )",
        "/tags/lymphoma/": "lymphoma (2 items )",
    }, "drafts, private pages and hidden profiles are not counted; their only tags not listed"


def test_tag_page_lists_items_of_every_type(client, tagged, parse):
    soup = parse(client.get("/tags/car-t/"))
    assert soup.find("h1").get_text() == "Tagged “CAR-T”"
    articles = soup.find("section", attrs={"aria-labelledby": "tag-articles"})
    assert [a.get_text() for a in articles.select(".article-card__title a")] == ["CAR-T explained"]
    therapies = soup.find("section", attrs={"aria-labelledby": "tag-therapies"})
    assert [a.get_text() for a in therapies.find_all("a")] == ["Car T Cell Therapy"]
    sources = soup.find("section", attrs={"aria-labelledby": "tag-sources"})
    assert "CAR-T in aggressive B-cell lymphoma" in sources.get_text()
    assert "Draft on CAR-T" not in soup.get_text()
    assert "Private" not in soup.find("main").get_text()
    assert "Hidden Therapy" not in soup.get_text()
    crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [a["href"] for a in crumbs.find_all("a")] == ["/", "/tags/"]


@pytest.mark.parametrize("slug", ["draft-only", "private-only", "hidden-only", "no-such-tag"])
def test_tags_used_only_on_hidden_items_are_not_found(client, tagged, slug):
    assert client.get(f"/tags/{slug}/").status_code == 404


def test_tag_index_without_tags(client, home, parse):
    assert "Nothing has been tagged yet." in parse(client.get("/tags/")).get_text()


def test_url_names(client):
    from django.urls import reverse

    assert reverse("tags:index") == "/tags/"
    assert reverse("tags:detail", kwargs={"slug": "car-t"}) == "/tags/car-t/"


def test_tags_sort_without_regard_to_case(client, index, parse):
    ArticlePageFactory(parent=index, tags=["access", "CAR-T", "biology"])
    links = parse(client.get("/tags/")).find("ul", class_="tag-list").find_all("a")
    assert [a["href"] for a in links] == ["/tags/access/", "/tags/biology/", "/tags/car-t/"]
