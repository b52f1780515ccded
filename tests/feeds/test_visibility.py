"""What must never reach a subscriber: drafts, private, future or unpublished pages."""

from datetime import timedelta

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

ARTICLE_FEEDS = [
    "/feeds/articles.{fmt}",
    "/feeds/sections/advances.{fmt}",
    "/feeds/tags/aav.{fmt}",
    "/feeds/authors/ana-ruiz.{fmt}",
    "/feeds/therapies/car-t.{fmt}",
    "/feeds/conditions/leukaemia.{fmt}",
]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_only_published_public_articles_appear_in_any_feed(
    client, fetch_feed, make_article, make_author, make_section, make_therapy, make_condition, fmt
):
    therapy = make_therapy("CAR-T", slug="car-t", conditions=[make_condition("Leukaemia")])
    shared = {
        "authors": [make_author("Ana Ruiz")],
        "section": make_section("Advances"),
        "tags": ["AAV"],
        "therapies": [therapy],
    }
    make_article("Visible", **shared)
    make_article("Draft", live=False, **shared)
    make_article("Future", first_published=timezone.now() + timedelta(days=2), **shared)
    private = make_article("Private", **shared)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    make_article("Withdrawn", **shared).unpublish()

    for url in ARTICLE_FEEDS:
        feed = fetch_feed(url.format(fmt=fmt))
        titles = {entry.title for entry in feed.entries}
        assert "Visible" in titles, url
        assert not titles & {"Draft", "Future", "Private", "Withdrawn"}, url
        raw = feed.response.content.decode()
        for leaked in ("Draft", "Future", "Private", "Withdrawn"):
            assert f"Body of {leaked}" not in raw, url


def test_articles_in_a_private_section_of_the_site_stay_out(
    fetch_feed, make_article, article_index
):
    make_article("Visible")
    make_article("Members only")
    PageViewRestriction.objects.create(
        page=article_index, restriction_type=PageViewRestriction.LOGIN
    )
    assert fetch_feed("/feeds/articles.rss").entries == []


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/sections/no-such-section.rss",
        "/feeds/tags/no-such-tag.atom",
        "/feeds/authors/nobody.rss",
        "/feeds/therapies/no-such-therapy.atom",
        "/feeds/conditions/no-such-condition.rss",
        "/feeds/articles.json",
        "/feeds/therapies/.rss",
    ],
)
def test_unknown_things_are_404_not_empty_feeds(client, home, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_draft_and_private_therapies_have_no_feed(client, make_therapy, fmt):
    make_therapy("Draft therapy", slug="draft-therapy", live=False)
    private = make_therapy("Private therapy", slug="private-therapy")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert client.get(f"/feeds/therapies/draft-therapy.{fmt}").status_code == 404
    assert client.get(f"/feeds/therapies/private-therapy.{fmt}").status_code == 404


def test_condition_feed_leaves_out_unpublished_therapies(fetch_feed, make_therapy, make_condition):
    leukaemia = make_condition("Leukaemia")
    make_therapy("Live therapy", slug="live", conditions=[leukaemia])
    make_therapy("Draft therapy", slug="draft", conditions=[leukaemia], live=False)
    titles = [entry.title for entry in fetch_feed("/feeds/conditions/leukaemia.rss").entries]
    assert titles == ["Live therapy"]


@pytest.mark.parametrize(
    "query", ["?page=abc", "?format=%ff%fe", "?q=<script>", "?" + "x=1&" * 500, "?%00=%00"]
)
def test_odd_query_strings_are_ignored(fetch_feed, make_article, query):
    make_article("Visible")
    feed = fetch_feed(f"/feeds/articles.rss{query}")
    assert [entry.title for entry in feed.entries] == ["Visible"]


def test_feeds_only_answer_get_and_head(client, home):
    assert client.post("/feeds/articles.rss").status_code == 405
    assert client.head("/feeds/articles.rss").status_code == 200
