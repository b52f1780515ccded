"""Tag pages: one vocabulary across articles, therapy profiles and sources."""

import pytest

from wagtail.models import PageViewRestriction

from articles.factories import ArticlePageFactory
from sources.models import Source
from therapies.factories import ConditionFactory, TherapyPageFactory
from therapies.models import TherapyIndexPage

pytestmark = pytest.mark.django_db


def tagged_source(title, *tags):
    source = Source.objects.create(title=title, year=2022, container_title="Nature")
    source.tags.set(list(tags))
    source.save()
    return source


@pytest.fixture
def tagged(index, therapy_index):
    ArticlePageFactory(parent=index, title="CAR-T explained", tags=["CAR-T", "lymphoma"])
    ArticlePageFactory(
        parent=index, title="Draft on CAR-T", tags=["CAR-T", "draft-only"], live=False
    )
    private = ArticlePageFactory(parent=index, title="Private", tags=["CAR-T", "private-only"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    TherapyPageFactory(parent=therapy_index, title="Car T Cell Therapy", tags=["CAR-T"])
    TherapyPageFactory(
        parent=therapy_index, title="Hidden Therapy", live=False, tags=["CAR-T", "hidden-only"]
    )
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


@pytest.fixture
def busy_tag(index, therapy_index, monkeypatch):
    """A tag on more articles, profiles and sources than its page shows (2 of each)."""
    monkeypatch.setattr("tags.tagging.SHOWN_PER_TYPE", 2)
    for day in range(1, 4):
        ArticlePageFactory(
            parent=index,
            title=f"Vectors {day}",
            tags=["vectors"],
            first_published_at=f"2024-01-0{day}T09:00Z",
        )
    for title in ("Aav One", "Aav Two", "Aav Three"):
        TherapyPageFactory(parent=therapy_index, title=title, tags=["vectors"])
    for year in (2020, 2021, 2022):
        source = tagged_source(f"Vector study {year}", "vectors")
        source.year = year
        source.save()


def test_tag_page_shows_the_newest_few_of_each_type_and_links_to_all(client, busy_tag, parse):
    soup = parse(client.get("/tags/vectors/"))
    assert soup.find("p", class_="meta").get_text() == "9 items"
    articles = soup.find("section", attrs={"aria-labelledby": "tag-articles"})
    titles = [a.get_text() for a in articles.select(".article-card__title a")]
    assert titles == ["Vectors 3", "Vectors 2"], "the newest two, newest first"
    more = articles.find("p", class_="more-link").find("a")
    assert more.get_text() == "All 3 articles tagged “vectors”"
    assert more["href"] == "/articles/tag/vectors/"

    therapies = soup.find("section", attrs={"aria-labelledby": "tag-therapies"})
    assert [a.get_text() for a in therapies.select(".card h3 a")] == ["Aav One", "Aav Three"]
    more = therapies.find("p", class_="more-link").find("a")
    assert more.get_text() == "All 3 therapy profiles tagged “vectors”"
    directory = TherapyIndexPage.objects.get()
    assert more["href"] == f"{directory.url}?tag=vectors"

    sources = soup.find("section", attrs={"aria-labelledby": "tag-sources"})
    assert [li.find("a").get_text() for li in sources.select(".source-list li")] == [
        "Vector study 2022",
        "Vector study 2021",
    ]
    more = sources.find("p", class_="more-link").find("a")
    assert more.get_text() == "All 3 sources tagged “vectors”"
    assert more["href"] == "/sources/?tag=vectors"


def test_links_to_full_listings_lead_to_every_item(client, busy_tag, parse):
    listing = parse(client.get("/articles/tag/vectors/"))
    assert len(listing.select(".article-card__title a")) == 3
    library = parse(client.get("/sources/?tag=vectors")).get_text()
    assert all(f"Vector study {year}" in library for year in (2020, 2021, 2022))


def test_no_more_links_when_everything_is_shown(client, tagged, parse):
    soup = parse(client.get("/tags/car-t/"))
    assert soup.find("p", class_="more-link") is None
    assert soup.find("p", class_="meta").get_text() == "3 items"


def test_tag_page_query_count_does_not_grow_with_items(
    client, busy_tag, index, django_assert_max_num_queries
):
    client.get("/tags/vectors/")  # warm the counts
    with django_assert_max_num_queries(12) as captured:
        client.get("/tags/vectors/")
    baseline = len(captured)
    for day in range(4, 9):
        ArticlePageFactory(
            parent=index, tags=["vectors"], first_published_at=f"2024-01-0{day}T09:00Z"
        )
    assert "14 items" in client.get("/tags/vectors/").content.decode(), "counts follow edits"
    with django_assert_max_num_queries(baseline):
        client.get("/tags/vectors/")


def test_conditions_carry_tags_too_and_their_tag_links_lead_somewhere(client, tagged, parse):
    """A condition's tag links to the tag page, which lists the condition."""
    rare = ConditionFactory(name="Adrenoleukodystrophy", slug="ald")
    rare.tags.set(["leukodystrophies"])
    rare.save()
    tagged_condition = ConditionFactory(name="Lymphoma", slug="lymphoma")
    tagged_condition.tags.set(["lymphoma"])
    tagged_condition.save()

    condition_page = parse(client.get("/conditions/ald/"))
    tag_link = condition_page.find("ul", class_="tag-list").find("a")
    assert tag_link["href"] == "/tags/leukodystrophies/"

    soup = parse(client.get(tag_link["href"]))
    conditions = soup.find("section", attrs={"aria-labelledby": "tag-conditions"})
    assert [(a.get_text(), a["href"]) for a in conditions.find_all("a")] == [
        ("Adrenoleukodystrophy", "/conditions/ald/")
    ]
    assert soup.find("p", class_="meta").get_text() == "1 item"

    listed = {
        a["href"]: a.get_text(" ", strip=True)
        for a in parse(client.get("/tags/")).find("ul", class_="tag-list").find_all("a")
    }
    assert listed["/tags/lymphoma/"] == "lymphoma (3 items )"
    assert listed["/tags/leukodystrophies/"] == "leukodystrophies (1 item )"


def test_removing_a_tag_from_a_source_updates_the_cached_totals(client, tagged, parse, settings):
    settings.HELIX_PAGE_CACHE = True
    source = Source.objects.get(title="CAR-T in aggressive B-cell lymphoma")
    assert "(2 items )" in parse(client.get("/tags/")).get_text(" ", strip=True)
    source.tags.remove("lymphoma")
    source.save()
    listed = {
        a["href"]: a.get_text(" ", strip=True)
        for a in parse(client.get("/tags/")).find("ul", class_="tag-list").find_all("a")
    }
    assert listed["/tags/lymphoma/"] == "lymphoma (1 item )"
