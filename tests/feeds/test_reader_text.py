"""A feed reader shows every text field exactly as the editor (or commenter) typed it.

feedparser unescapes entities that readers such as newsboat show literally, so
each feed is read twice: the raw XML text of every element (what newsboat
displays) and feedparser's view. Titles escaped once too often read
``Gene therapy&#x27;s`` in a reader although feedparser shows them right.
A JSON feed's strings are what its reader displays.
"""

import json
from xml.etree import ElementTree

import pytest

from taggit.models import Tag

from articles.factories import ArticlePageFactory, AuthorFactory, SectionFactory
from comments.factories import CommentFactory
from therapies.factories import ConditionFactory, TherapyPageFactory

from .conftest import read_feed

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom", "json"]
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
}

ARTICLE = "Gene therapy's 'dark age' & what <changed> — \"ça\""
AUTHOR = "Zoë O'Brien & <Co>"
SECTION = 'Advances & "setbacks"'
TAG = "cell's & <gene>"
THERAPY = "Hæmophilia 'B' & <co>"
CONDITION = 'Friedreich\'s "ataxia" & co'
PRODUCT = "Hemgenix® 'etr' & <b>"
COMMENTER = 'O\'Hara & <Sons> "Ltd"'


def reader_view(content: bytes, fmt: str) -> dict:
    """The feed's title and each item's title, authors and categories: raw XML text, or JSON."""
    if fmt == "json":
        document = json.loads(content)
        items = [
            {
                "title": item["title"],
                "authors": [author["name"] for author in item.get("authors", [])],
                "categories": item.get("tags", []),
            }
            for item in document["items"]
        ]
        return {"title": document["title"], "items": items}
    root = ElementTree.fromstring(content)
    if fmt == "rss":
        channel = root.find("channel")
        items = [
            {
                "title": item.findtext("title"),
                "authors": [el.text for el in item.findall("dc:creator", NS)],
                "categories": [el.text for el in item.findall("category")],
            }
            for item in channel.findall("item")
        ]
        return {"title": channel.findtext("title"), "items": items}
    items = [
        {
            "title": entry.findtext("atom:title", namespaces=NS),
            "authors": [el.text for el in entry.findall("atom:author/atom:name", NS)],
            "categories": [el.get("term") for el in entry.findall("atom:category", NS)],
        }
        for entry in root.findall("atom:entry", NS)
    ]
    return {"title": root.findtext("atom:title", namespaces=NS), "items": items}


@pytest.fixture
def typed(article_index, therapy_index):
    condition = ConditionFactory(name=CONDITION, slug="friedreich")
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title=THERAPY,
        slug="haemophilia",
        conditions=[condition],
        approvals=[
            {
                "regulator": "EMA",
                "status": "approved",
                "product_name": PRODUCT,
                "indication": "Adults",
            }
        ],
        revision=True,
    )
    article = ArticlePageFactory(
        parent=article_index,
        title=ARTICLE,
        slug="dark-age",
        authors=[AuthorFactory(name=AUTHOR, slug="zoe")],
        section=SectionFactory(name=SECTION, slug="advances"),
        tags=[TAG],
        therapies=[therapy],
        revision=True,
    )
    CommentFactory(page=article, name=COMMENTER, body="Thanks.")
    return {"article": article, "therapy": therapy, "tag": Tag.objects.get(name=TAG)}


def fetch(client, url: str, fmt: str) -> tuple[dict, object]:
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = read_feed(response)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return reader_view(response.content, fmt), parsed


ARTICLE_ITEM = {"title": ARTICLE, "authors": [AUTHOR], "categories": [SECTION, TAG]}
THERAPY_ITEM = {
    "title": THERAPY,
    "authors": [],
    "categories": ["Gene addition or replacement", CONDITION],
}
APPROVAL_ITEM = {
    "title": f"{PRODUCT}: Approved (EMA)",
    "authors": [],
    "categories": ["Regulatory decisions", THERAPY],
}
COMMENT_ITEM = {
    "title": f"Comment on “{ARTICLE}” by {COMMENTER}",
    "authors": [COMMENTER],
    "categories": [],
}


def feeds(typed) -> list[tuple[str, str, list[dict]]]:
    """Every feed class: its URL, its title and the items a reader sees in it."""
    page_id = typed["article"].pk
    return [
        ("/feeds/articles.{fmt}", "Helix: Latest articles", [ARTICLE_ITEM]),
        ("/feeds/sections/advances.{fmt}", f"Helix: Articles in {SECTION}", [ARTICLE_ITEM]),
        (
            f"/feeds/tags/{typed['tag'].slug}.{{fmt}}",
            f"Helix: Articles tagged “{TAG}”",
            [ARTICLE_ITEM],
        ),
        ("/feeds/authors/zoe.{fmt}", f"Helix: Articles by {AUTHOR}", [ARTICLE_ITEM]),
        (
            "/feeds/therapies/haemophilia.{fmt}",
            f"Helix: {THERAPY}: articles and updates",
            [ARTICLE_ITEM, THERAPY_ITEM, APPROVAL_ITEM],
        ),
        (
            "/feeds/conditions/friedreich.{fmt}",
            f"Helix: {CONDITION}: therapies and articles",
            [ARTICLE_ITEM, THERAPY_ITEM],
        ),
        ("/feeds/comments.{fmt}", "Helix: Latest comments", [COMMENT_ITEM]),
        (
            f"/feeds/comments/{page_id}.{{fmt}}",
            f"Helix: Comments on “{ARTICLE}”",
            [COMMENT_ITEM],
        ),
    ]


def sort_key(item: dict) -> str:
    return item["title"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_feed_shows_the_typed_text_in_a_reader(client, typed, fmt):
    for url, title, items in feeds(typed):
        url = url.format(fmt=fmt)
        raw, parsed = fetch(client, url, fmt)
        assert raw["title"] == title, url
        seen = sorted(raw["items"], key=sort_key)
        expected = sorted(items, key=sort_key)
        assert [item["title"] for item in seen] == [item["title"] for item in expected], url
        for got, want in zip(seen, expected, strict=True):
            assert got["authors"] == want["authors"], url
            assert sorted(got["categories"]) == sorted(want["categories"]), url
        # feedparser sees no entity text either (it may drop markup-like "<...>").
        for entry in parsed.entries:
            assert "&#" not in entry.title and "&amp;" not in entry.title, url
            assert [a.get("name") for a in entry.get("authors", [])] in ([AUTHOR], [COMMENTER], [])


def test_the_reported_title_reads_right_in_rss(client, article_index):
    ArticlePageFactory(
        parent=article_index, title="Gene therapy's 'dark age' and what changed", revision=True
    )
    raw, parsed = fetch(client, "/feeds/articles.rss", "rss")
    assert raw["items"][0]["title"] == "Gene therapy's 'dark age' and what changed"
    assert parsed.entries[0].title == "Gene therapy's 'dark age' and what changed"
