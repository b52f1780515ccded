"""What must never reach a subscriber: drafts, private, future or unpublished pages."""

from datetime import timedelta

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

from articles.factories import ArticlePageFactory, AuthorFactory, SectionFactory
from therapies.factories import ConditionFactory, TherapyPageFactory

from .conftest import paragraph

pytestmark = pytest.mark.django_db

ARTICLE_FEEDS = [
    "/feeds/articles.{fmt}",
    "/feeds/sections/advances.{fmt}",
    "/feeds/tags/aav.{fmt}",
    "/feeds/authors/ana-ruiz.{fmt}",
    "/feeds/therapies/car-t.{fmt}",
    "/feeds/conditions/leukaemia.{fmt}",
]


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_only_published_public_articles_appear_in_any_feed(
    client, fetch_feed, article_index, therapy_index, fmt
):
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title="CAR-T",
        slug="car-t",
        conditions=[ConditionFactory(name="Leukaemia")],
        revision=True,
    )
    shared = {
        "authors": [AuthorFactory(name="Ana Ruiz")],
        "section": SectionFactory(name="Advances"),
        "tags": ["AAV"],
        "therapies": [therapy],
        "revision": True,
    }
    ArticlePageFactory(parent=article_index, title="Visible", **shared)
    ArticlePageFactory(
        parent=article_index,
        title="Draft",
        body=paragraph("<p>Body of Draft.</p>"),
        live=False,
        **shared,
    )
    ArticlePageFactory(
        parent=article_index,
        title="Future",
        body=paragraph("<p>Body of Future.</p>"),
        first_published=timezone.now() + timedelta(days=2),
        **shared,
    )
    private = ArticlePageFactory(
        parent=article_index, title="Private", body=paragraph("<p>Body of Private.</p>"), **shared
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    ArticlePageFactory(
        parent=article_index,
        title="Withdrawn",
        body=paragraph("<p>Body of Withdrawn.</p>"),
        **shared,
    ).unpublish()

    for url in ARTICLE_FEEDS:
        feed = fetch_feed(url.format(fmt=fmt))
        titles = {entry.title for entry in feed.entries}
        assert "Visible" in titles, url
        assert not titles & {"Draft", "Future", "Private", "Withdrawn"}, url
        raw = feed.response.content.decode()
        for leaked in ("Draft", "Future", "Private", "Withdrawn"):
            assert f"Body of {leaked}" not in raw, url


def test_articles_in_a_private_section_of_the_site_stay_out(fetch_feed, article_index):
    ArticlePageFactory(parent=article_index, title="Visible", revision=True)
    ArticlePageFactory(parent=article_index, title="Members only", revision=True)
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
        "/feeds/authors/nobody.json",
        "/feeds/articles.xml",
        "/feeds/articles.jsonfeed",
        "/feeds/therapies/.rss",
    ],
)
def test_unknown_things_are_404_not_empty_feeds(client, home, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_draft_and_private_therapies_have_no_feed(client, therapy_index, fmt):
    TherapyPageFactory(
        parent=therapy_index, title="Draft therapy", slug="draft-therapy", live=False, revision=True
    )
    private = TherapyPageFactory(
        parent=therapy_index, title="Private therapy", slug="private-therapy", revision=True
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert client.get(f"/feeds/therapies/draft-therapy.{fmt}").status_code == 404
    assert client.get(f"/feeds/therapies/private-therapy.{fmt}").status_code == 404


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_a_tag_on_unpublished_content_only_has_no_feed(
    client, fetch_feed, article_index, therapy_index, fmt
):
    """Its tag page was a 404 but its feed a 200: the feed gave the tag away."""
    ArticlePageFactory(parent=article_index, title="Draft", live=False, tags=["Secret cure"])
    private = ArticlePageFactory(parent=article_index, title="Private", tags=["Secret cure"])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    TherapyPageFactory(parent=therapy_index, live=False, tags=["Secret cure"], revision=True)
    TherapyPageFactory(parent=therapy_index, title="Published", tags=["Shown"], revision=True)

    assert client.get("/tags/secret-cure/").status_code == 404
    assert client.get(f"/feeds/tags/secret-cure.{fmt}").status_code == 404
    # A tag readers can see has its feed, as its page advertises, even with no article yet.
    assert client.get("/tags/shown/").status_code == 200
    assert fetch_feed(f"/feeds/tags/shown.{fmt}").entries == []

    ArticlePageFactory(parent=article_index, title="Now published", tags=["Secret cure"])

    titles = [entry.title for entry in fetch_feed(f"/feeds/tags/secret-cure.{fmt}").entries]
    assert titles == ["Now published"]


@pytest.mark.parametrize("fmt", ["rss", "json"])
def test_condition_feed_leaves_out_unpublished_therapies(fetch_feed, therapy_index, fmt):
    leukaemia = ConditionFactory(name="Leukaemia")
    TherapyPageFactory(
        parent=therapy_index,
        title="Live therapy",
        slug="live",
        conditions=[leukaemia],
        revision=True,
    )
    TherapyPageFactory(
        parent=therapy_index,
        title="Draft therapy",
        slug="draft",
        conditions=[leukaemia],
        live=False,
        revision=True,
    )
    titles = [entry.title for entry in fetch_feed(f"/feeds/conditions/leukaemia.{fmt}").entries]
    assert titles == ["Live therapy"]


@pytest.mark.parametrize(
    "query", ["?page=abc", "?format=%ff%fe", "?q=<script>", "?" + "x=1&" * 500, "?%00=%00"]
)
def test_odd_query_strings_are_ignored(fetch_feed, article_index, query):
    ArticlePageFactory(parent=article_index, title="Visible", revision=True)
    feed = fetch_feed(f"/feeds/articles.rss{query}")
    assert [entry.title for entry in feed.entries] == ["Visible"]


@pytest.mark.parametrize("fmt", ["rss", "json"])
def test_feeds_only_answer_get_and_head(client, home, fmt):
    assert client.post(f"/feeds/articles.{fmt}").status_code == 405
    assert client.head(f"/feeds/articles.{fmt}").status_code == 200
