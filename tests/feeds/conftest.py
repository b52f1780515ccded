"""Fixtures for feed tests: index pages, body text, and a feed reader.

Pages come from the apps' factories with ``revision=True``: they go live the way
an editor's do (a revision is saved and published), so Wagtail's own dates
(first/last published) are set as in production.

feedparser 6 reads RSS and Atom but not JSON Feed: a JSON feed is parsed with
``json``, checked against JSON Feed 1.1 (:func:`assert_json_feed`), then shown
in feedparser's shape, so one test can read all three formats.
"""

import json
import re
from datetime import datetime

import feedparser
import pytest

from wagtail.rich_text import RichText

from articles.factories import ArticleIndexPageFactory
from therapies.factories import TherapyIndexPageFactory


def paragraph(html: str) -> list:
    return [("paragraph", RichText(html))]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True)


@pytest.fixture
def therapy_index(home):
    return TherapyIndexPageFactory(parent=home, show_in_menus=True, revision=True)


@pytest.fixture
def fetch_feed(client):
    """GET a feed URL and parse it; the response rides along as ``parsed.response``."""

    def _fetch(url: str, **headers):
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        parsed = read_feed(response)
        parsed.response = response
        return parsed

    return _fetch


# JSON Feed 1.1 -----------------------------------------------------------------

JSON_FEED_TYPE = "application/feed+json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# RFC 3339 date-time (section 5.6): full date, "T", time, optional fraction, offset.
RFC_3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
FEED_STRINGS = ("home_page_url", "feed_url", "description", "user_comment", "icon", "language")
ITEM_STRINGS = ("url", "external_url", "title", "summary", "image", "banner_image", "language")


def assert_author_objects(authors, where: str) -> None:
    assert isinstance(authors, list) and authors, where
    for author in authors:
        # An author object has at least one of name, url and avatar, all strings.
        assert isinstance(author, dict) and set(author) & {"name", "url", "avatar"}, where
        assert all(isinstance(value, str) and value for value in author.values()), where


def assert_rfc_3339(value, where: str) -> None:
    assert isinstance(value, str) and RFC_3339.fullmatch(value), (where, value)
    assert datetime.fromisoformat(value).utcoffset() is not None, (where, value)


def assert_json_feed(document) -> None:
    """Raise unless ``document`` follows https://www.jsonfeed.org/version/1.1/."""
    assert isinstance(document, dict)
    assert document.get("version") == JSON_FEED_VERSION
    assert isinstance(document.get("title"), str) and document["title"]
    assert "author" not in document, "JSON Feed 1.1 deprecates author: use authors"
    for name in FEED_STRINGS:
        assert isinstance(document.get(name, ""), str), name
    if "authors" in document:
        assert_author_objects(document["authors"], "feed")
    assert isinstance(document.get("items"), list)
    ids = [item.get("id") for item in document["items"]]
    assert len(set(ids)) == len(ids), "item ids are unique"
    for item in document["items"]:
        assert isinstance(item, dict)
        where = item.get("id")
        assert isinstance(where, str) and where, "every item has a string id"
        assert {"content_html", "content_text"} & set(item), (where, "content_html or _text")
        for name in ("content_html", "content_text", *ITEM_STRINGS):
            assert isinstance(item.get(name, ""), str), (where, name)
        for name in ("date_published", "date_modified"):
            if name in item:
                assert_rfc_3339(item[name], f"{where} {name}")
        if "authors" in item:
            assert "author" not in item, where
            assert_author_objects(item["authors"], where)
        tags = item.get("tags", [])
        assert isinstance(tags, list) and all(isinstance(t, str) and t for t in tags), where
        for attachment in item.get("attachments", []):
            assert isinstance(attachment.get("url"), str), where
            assert isinstance(attachment.get("mime_type"), str), where
            assert isinstance(attachment.get("size_in_bytes", 0), int), where
        assert None not in item.values(), (where, "no null fields")


def parsed_date(value: str | None):
    return datetime.fromisoformat(value).utctimetuple() if value else None


def as_feedparser_entry(item: dict) -> feedparser.FeedParserDict:
    """A JSON Feed item under the names feedparser gives an Atom entry."""
    links = [{"rel": "alternate", "href": item.get("url")}] + [
        {
            "rel": "enclosure",
            "href": a["url"],
            "type": a["mime_type"],
            "length": str(a.get("size_in_bytes", "")),
        }
        for a in item.get("attachments", [])
    ]
    content = item.get("content_html", item.get("content_text"))
    return feedparser.FeedParserDict(
        id=item["id"],
        title=item.get("title"),
        link=item.get("url"),
        links=[feedparser.FeedParserDict(link) for link in links],
        summary=item.get("summary", ""),
        content=[feedparser.FeedParserDict(value=content)],
        authors=[feedparser.FeedParserDict(a) for a in item.get("authors", [])],
        tags=[feedparser.FeedParserDict(term=tag) for tag in item.get("tags", [])],
        published=item.get("date_published"),
        published_parsed=parsed_date(item.get("date_published")),
        updated=item.get("date_modified"),
        updated_parsed=parsed_date(item.get("date_modified")),
    )


def read_feed(response) -> feedparser.FeedParserDict:
    """feedparser's reading of a feed response; a JSON Feed, validated, in the same shape."""
    if response["Content-Type"] != JSON_FEED_TYPE:
        return feedparser.parse(response.content)
    document = json.loads(response.content)
    assert_json_feed(document)
    return feedparser.FeedParserDict(
        bozo=False,
        json=document,
        feed=feedparser.FeedParserDict(
            title=document["title"],
            link=document.get("home_page_url"),
            subtitle=document.get("description", ""),
            links=[feedparser.FeedParserDict(rel="self", href=document.get("feed_url"))],
            authors=[feedparser.FeedParserDict(a) for a in document.get("authors", [])],
        ),
        entries=[as_feedparser_entry(item) for item in document["items"]],
    )
