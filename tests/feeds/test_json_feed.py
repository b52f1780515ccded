"""JSON Feed 1.1 beside RSS and Atom: the same items, read with ``json``, for every feed.

Each JSON feed is checked against the JSON Feed 1.1 rules (``assert_json_feed``)
and then item by item against the Atom feed at the same address with ``.atom``,
read as raw XML: same ids (the RSS guids too), titles, links, dates, authors,
tags, full text with references, summaries and attachments.
"""

import html
import json
from xml.etree import ElementTree

import pytest
import wagtail_factories

from django.utils import timezone

from articles.factories import ArticlePageFactory, AuthorFactory, SectionFactory
from comments.factories import CommentFactory
from comments.models import Status
from sources.models import Source
from therapies.factories import ConditionFactory, TherapyPageFactory

from .conftest import JSON_FEED_TYPE, JSON_FEED_VERSION, assert_json_feed, paragraph

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def world(article_index, therapy_index):
    """Something in every feed, and something that must stay out of all of them."""
    condition = ConditionFactory(name="Leukaemia", slug="leukaemia")
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title="CAR-T",
        slug="car-t",
        summary="Cells taught to find the cancer & <kill> it.",
        conditions=[condition],
        approvals=[
            {
                "regulator": "EMA",
                "status": "approved",
                "product_name": "Kymriah",
                "date": timezone.localdate(),
                "indication": "Relapsed B-cell leukaemia",
            }
        ],
        revision=True,
    )
    source = Source.objects.create(title="A trial of CAR-T cells", year=2024)
    shared = {
        "authors": [AuthorFactory(name="Ana Ruiz"), AuthorFactory(name="Ben Ito")],
        "section": SectionFactory(name="Advances"),
        "tags": ["AAV", "cell therapy"],
        "therapies": [therapy],
        "revision": True,
    }
    article = ArticlePageFactory(
        parent=article_index,
        title="CAR-T's second decade",
        slug="second-decade",
        standfirst="What changed & what <didn't>.",
        hero_image=wagtail_factories.ImageFactory(title="Cells"),
        body=paragraph(
            f'<p>See <a href="/therapies/car-t/">the profile</a>.'
            f'<a linktype="citation" id="{source.pk}">[*]</a></p>'
        ),
        **shared,
    )
    draft = ArticlePageFactory(parent=article_index, title="Draft piece", live=False, **shared)
    comment = CommentFactory(page=article, name="Ada", body="Clear, thank you.")
    CommentFactory(page=article, name="Eve", body="Awaiting a moderator.", status=Status.PENDING)
    CommentFactory(page=draft, name="Mal", body="On a draft.")
    return {"article": article, "therapy": therapy, "comment": comment}


def feed_urls(world) -> list[str]:
    """Every feed Helix has (feeds/urls.py), without its format."""
    return [
        "/feeds/articles",
        "/feeds/sections/advances",
        "/feeds/tags/aav",
        "/feeds/authors/ana-ruiz",
        "/feeds/therapies/car-t",
        "/feeds/conditions/leukaemia",
        "/feeds/comments",
        f"/feeds/comments/{world['article'].pk}",
    ]


def atom_items(content: bytes) -> tuple[dict, list[dict]]:
    """The Atom feed's fields and entries under JSON Feed's names, as raw XML text."""
    root = ElementTree.fromstring(content)

    def alternate(element):
        return next(
            link.get("href")
            for link in element.findall(f"{ATOM}link")
            if link.get("rel") == "alternate"
        )

    feed = {
        "title": root.findtext(f"{ATOM}title"),
        "home_page_url": alternate(root),
        "description": root.findtext(f"{ATOM}subtitle"),
        "language": root.get(XML_LANG),
        "authors": [{"name": name.text} for name in root.findall(f"{ATOM}author/{ATOM}name")],
    }
    items = []
    for entry in root.findall(f"{ATOM}entry"):
        enclosures = [
            {
                "url": link.get("href"),
                "mime_type": link.get("type"),
                "size_in_bytes": int(link.get("length")),
            }
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel") == "enclosure"
        ]
        item = {
            "id": entry.findtext(f"{ATOM}id"),
            "url": alternate(entry),
            "title": entry.findtext(f"{ATOM}title"),
            # Atom's summary is HTML (the plain text, escaped); JSON Feed's is the text.
            "summary": html.unescape(entry.findtext(f"{ATOM}summary") or ""),
            "date_published": entry.findtext(f"{ATOM}published"),
            "date_modified": entry.findtext(f"{ATOM}updated"),
            "authors": [{"name": n.text} for n in entry.findall(f"{ATOM}author/{ATOM}name")],
            "tags": [category.get("term") for category in entry.findall(f"{ATOM}category")],
            "attachments": enclosures,
        }
        content = entry.findtext(f"{ATOM}content")
        if content:
            item["content_html"] = content
        else:
            item["content_text"] = item["summary"]
        items.append(item)
    return feed, items


def json_items(document: dict) -> tuple[dict, list[dict]]:
    """The same fields from the JSON feed, an absent list read as empty."""
    feed = {name: document.get(name) for name in ("title", "home_page_url", "description")}
    feed |= {"language": document.get("language"), "authors": document.get("authors", [])}
    items = []
    for item in document["items"]:
        fields = {
            name: item.get(name)
            for name in ("id", "url", "title", "summary", "date_published", "date_modified")
        }
        fields["summary"] = fields["summary"] or ""
        for name in ("authors", "tags", "attachments"):
            fields[name] = item.get(name, [])
        for name in ("content_html", "content_text"):
            if name in item:
                fields[name] = item[name]
        items.append(fields)
    return feed, items


def test_every_feed_has_a_json_twin_with_the_atom_feeds_items(client, world):
    for url in feed_urls(world):
        response = client.get(f"{url}.json")
        assert response.status_code == 200, url
        assert response["Content-Type"] == JSON_FEED_TYPE, url
        document = json.loads(response.content)
        assert_json_feed(document)
        assert document["feed_url"] == f"http://testserver{url}.json"

        feed, items = json_items(document)
        atom_feed, atom_entries = atom_items(client.get(f"{url}.atom").content)
        assert feed == atom_feed, url
        assert items, url
        assert items == atom_entries, url
        rss = ElementTree.fromstring(client.get(f"{url}.rss").content)
        assert [item["id"] for item in items] == [guid.text for guid in rss.iter("guid")], url

        text = response.content.decode()
        for hidden in ("Draft piece", "Awaiting a moderator.", "On a draft."):
            assert hidden not in text, (url, hidden)


def test_an_article_item_carries_every_field(client, world):
    article = world["article"]
    document = json.loads(client.get("/feeds/articles.json").content)
    assert document["version"] == JSON_FEED_VERSION
    assert document["title"] == "Helix: Latest articles"
    assert document["home_page_url"] == "http://testserver/articles/"
    assert document["authors"] == [{"name": "Helix"}]
    [item] = document["items"]
    assert item["id"] == f"tag:testserver,2026:page-{article.pk}"
    assert item["url"] == "http://testserver/articles/second-decade/"
    assert item["title"] == "CAR-T's second decade"
    assert item["summary"] == "What changed & what <didn't>."  # plain text, as typed
    assert item["authors"] == [{"name": "Ana Ruiz"}, {"name": "Ben Ito"}]
    assert item["tags"] == ["Advances", "AAV", "cell therapy"]
    assert item["date_published"] == article.first_published.isoformat()
    [attachment] = item["attachments"]
    assert attachment["url"].startswith("http://testserver/media/original_images/")
    assert attachment["mime_type"] == "image/jpeg"
    assert attachment["size_in_bytes"] == article.hero_image.file.size > 0
    assert item["image"] == attachment["url"]
    content = item["content_html"]
    assert 'href="http://testserver/therapies/car-t/"' in content
    assert "<h2>References</h2>" in content and "A trial of CAR-T cells" in content
    assert 'href="/' not in content and 'src="/' not in content


def test_therapy_and_approval_items_carry_their_fields(client, world):
    therapy = world["therapy"]
    items = json.loads(client.get("/feeds/therapies/car-t.json").content)["items"]
    by_id = {item["id"].rsplit(":", 1)[1]: item for item in items}
    profile = by_id[f"page-{therapy.pk}"]
    assert profile["summary"] == "Cells taught to find the cancer & <kill> it."
    assert "Leukaemia" in profile["tags"]
    assert "authors" not in profile  # the feed's authors (the site) stand for it
    [approval] = [item for key, item in by_id.items() if key.startswith("therapy-approval-")]
    assert approval["title"] == "Kymriah: Approved (EMA)"
    assert approval["summary"] == "Relapsed B-cell leukaemia"
    assert approval["tags"] == ["Regulatory decisions", "CAR-T"]
    assert approval["date_published"].startswith(timezone.localdate().isoformat())


def test_a_comment_item_carries_its_author_and_text(client, world):
    [item] = json.loads(client.get("/feeds/comments.json").content)["items"]
    assert item["title"] == "Comment on “CAR-T's second decade” by Ada"
    assert item["authors"] == [{"name": "Ada"}]
    assert item["summary"] == "Clear, thank you."
    assert item["content_html"] == "<p>Clear, thank you.</p>"
    comment = world["comment"]
    assert item["id"] == f"tag:testserver,2026:comment-{comment.pk}"
    assert item["url"] == f"http://testserver/articles/second-decade/#comment-{comment.pk}"


def test_the_json_feed_is_kept_by_the_page_cache_and_follows_a_publish(
    client, world, article_index
):
    first = client.get("/feeds/articles.json")
    kept = client.get("/feeds/articles.json")
    assert (first["X-Helix-Cache"], kept["X-Helix-Cache"]) == ("miss", "hit")
    assert kept["Content-Type"] == JSON_FEED_TYPE and kept["ETag"] == first["ETag"]
    assert kept.content == first.content
    ArticlePageFactory(parent=article_index, title="Fresh news", revision=True)
    after = client.get("/feeds/articles.json")
    assert after["X-Helix-Cache"] == "miss" and after["ETag"] != first["ETag"]
    titles = [item["title"] for item in json.loads(after.content)["items"]]
    assert titles[0] == "Fresh news"


# The checker itself: a test that cannot fail proves nothing.

VALID = {
    "version": JSON_FEED_VERSION,
    "title": "Helix",
    "items": [{"id": "tag:x,2026:page-1", "content_html": "<p>x</p>"}],
}


@pytest.mark.parametrize(
    "broken",
    [
        {"version": "https://jsonfeed.org/version/1"},
        {"title": ""},
        {"items": None},
        {"author": {"name": "Helix"}},
        {"authors": ["Helix"]},
        {"items": [{"content_html": "<p>no id</p>"}]},
        {"items": [{"id": 7, "content_html": ""}]},
        {"items": [{"id": "a"}]},
        {"items": [{"id": "a", "content_text": "", "date_published": "2026-12-02"}]},
        {"items": [{"id": "a", "content_text": "", "date_published": "2 Dec 2026 10:00"}]},
        {"items": [{"id": "a", "content_text": "", "date_modified": "2026-12-02T10:00:00"}]},
        {"items": [{"id": "a", "content_text": "", "summary": None}]},
        {"items": [{"id": "a", "content_text": "", "tags": "AAV"}]},
        {"items": [{"id": "a", "content_text": "", "authors": [{}]}]},
        {"items": [{"id": "a", "content_text": "", "attachments": [{"url": "x"}]}]},
        {"items": [{"id": "a", "content_text": ""}, {"id": "a", "content_text": ""}]},
    ],
)
def test_the_json_feed_checker_refuses_what_the_spec_refuses(broken):
    assert_json_feed(VALID)
    with pytest.raises(AssertionError):
        assert_json_feed({**VALID, **broken})
