"""Every feed costs a fixed number of queries, however many tags and authors its items have."""

import json

import pytest
import wagtail_factories

from articles.factories import ArticlePageFactory, AuthorFactory, SectionFactory
from comments.factories import CommentFactory
from sources.models import Source
from tests.feeds.conftest import paragraph
from therapies.factories import ConditionFactory, TherapyPageFactory
from therapies.models import TherapyPage

pytestmark = pytest.mark.django_db

# Per feed: its query budget, the same for 1 item and for 20 items with many
# tags, authors and citations each (view restrictions, the object, the items,
# their author names and tag names, the request's site for the reference style,
# the cited sources and their authors; key figures take their sources from
# those), and its entries besides articles
# (the therapy's profile and five approvals; the condition's one therapy). A tag feed
# exists only for a tag something published carries: its object's query looks at
# every tagged type, and therapies' view restrictions cost one more.
BUDGETS = {
    "/feeds/articles.rss": (11, 0),
    "/feeds/articles.atom": (11, 0),
    "/feeds/sections/advances.rss": (12, 0),
    "/feeds/tags/shared.atom": (12, 0),
    "/feeds/authors/author-0.rss": (11, 0),
    "/feeds/therapies/haemophilia-gene-therapy.rss": (14, 6),
    "/feeds/conditions/haemophilia-b.atom": (15, 1),
}


def build_feeds(article_index, therapy_index, count: int) -> None:
    """``count`` articles, each with many tags, authors and citations, about one therapy."""
    section = SectionFactory(name="Advances")
    authors = [AuthorFactory(name=f"Author {n}") for n in range(6)]
    image = wagtail_factories.ImageFactory()
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title="Haemophilia gene therapy",
        conditions=[ConditionFactory(name="Haemophilia B")],
        approvals=[
            {"regulator": "EMA", "status": "approved", "indication": f"Use {n}"} for n in range(5)
        ],
        revision=True,
    )
    cited = [Source.objects.create(title=f"Trial report {n}", year=2020 + n % 5) for n in range(3)]
    markers = "".join(f'<a linktype="citation" id="{source.pk}">[*]</a>' for source in cited)
    for n in range(count):
        article = ArticlePageFactory(
            parent=article_index,
            title=f"Article {n}",
            body=paragraph(f"<p>Every item cites three sources.{markers}</p>")
            + [("key_figure", {"number": "9", "label": "In nine", "citation": cited[n % 3]})],
            authors=authors,
            tags=[f"tag-{n}-{t}" for t in range(8)] + ["shared"],
            section=section,
            hero_image=image,
            therapies=[therapy],
            revision=True,
        )
        CommentFactory(page=article if n % 2 else therapy, body=f"Comment {n}")


@pytest.mark.parametrize("count", [1, 20])
def test_every_feed_within_budget(
    client, django_assert_max_num_queries, article_index, therapy_index, count
):
    build_feeds(article_index, therapy_index, count)
    client.get("/feeds/articles.rss")  # warm per-process caches (site root paths, content types)
    for url, (budget, other_entries) in BUDGETS.items():
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200
        items = response.content.count(b"<item>") + response.content.count(b"<entry>")
        assert items == min(count + other_entries, 20), url


# JSON Feed, measured cold (every cache emptied first: a query or two more than
# in the warm process above, for the site's root paths and settings), then as the
# page cache's hit (no query). Per feed: its budget, the same as its Atom twin's
# measured so, and its entries besides articles.
JSON_BUDGETS = {
    "/feeds/articles.json": (13, 0),
    "/feeds/sections/advances.json": (14, 0),
    "/feeds/tags/shared.json": (12, 0),
    "/feeds/authors/author-0.json": (12, 0),
    "/feeds/therapies/haemophilia-gene-therapy.json": (15, 6),
    "/feeds/conditions/haemophilia-b.json": (16, 1),
}


@pytest.mark.parametrize("count", [1, 20])
def test_every_json_feed_within_budget(get_within_budget, article_index, therapy_index, count):
    build_feeds(article_index, therapy_index, count)
    therapy = TherapyPage.objects.get()
    comment_budgets = {
        "/feeds/comments.json": (6, count),
        f"/feeds/comments/{therapy.pk}.json": (7, therapy.reader_comments.count()),
    }
    for url, (budget, other_entries) in (JSON_BUDGETS | comment_budgets).items():
        response = get_within_budget(url, budget)
        assert response.status_code == 200, url
        items = json.loads(response.content)["items"]
        expected = min(other_entries if "/comments" in url else count + other_entries, 20)
        assert len(items) == expected, url
