"""The writers behind every feed: RSS 2.0, Atom 1.0 and JSON Feed 1.1, never broken by bad text.

Characters XML 1.0 forbids (control characters, lone surrogates) are dropped
from every string on its way into the generator: Django's generator raises on
them, and one bad title would otherwise take the whole feed down. The JSON
writer drops the same characters, so its items read as the XML ones do (and a
lone surrogate could not be written as UTF-8 anyway). Everything else
(apostrophes, ampersands, ``<``) is text, escaped once by the writer, so a
reader shows what was typed.
"""

from __future__ import annotations

import json
import re

from django.utils import feedgenerator

# Characters XML 1.0 cannot carry at all: C0 controls other than tab, newline
# and carriage return, lone surrogates, and the two non-characters U+FFFE/FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str | None) -> str | None:
    """Drop the characters XML 1.0 forbids; emoji, RTL text and ``]]>`` pass intact."""
    if text is None:
        return None
    return _XML_FORBIDDEN.sub("", str(text))


class HelixRss201Feed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with ``content:encoded`` (full text) and one ``dc:creator`` per author."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **xml_safe_kwargs(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **xml_safe_kwargs(kwargs))

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            # RSS 2.0 has no "updated"; the Atom element is the common extension.
            handler.addQuickElement("atom:updated", feedgenerator.rfc3339_date(item["updateddate"]))
        for name in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class HelixAtom1Feed(feedgenerator.Atom1Feed):
    """Atom 1.0 with ``<content type="html">`` and one ``<author>`` per author."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **xml_safe_kwargs(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **xml_safe_kwargs(kwargs))

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


def xml_safe_kwargs(kwargs: dict) -> dict:
    """The one gate every string passes on its way into a feed generator."""

    def clean(value):
        if isinstance(value, str):
            return xml_safe(value)
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return value

    return {name: clean(value) for name, value in kwargs.items()}


class HelixJsonFeed(feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) from the generator's feed and items.

    Django ships no JSON writer, but ``SyndicationFeed`` holds the feed and its
    items as the RSS and Atom writers see them: this one writes the same fields
    under JSON Feed's names (``unique_id`` is the item ``id``, ``content`` its
    ``content_html``, enclosures its ``attachments``). Summaries are plain text
    in JSON Feed: the feed passes them unescaped (``feeds.base.JsonFeedMixin``).
    """

    content_type = "application/feed+json"
    version = "https://jsonfeed.org/version/1.1"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **xml_safe_kwargs(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **xml_safe_kwargs(kwargs))

    def write(self, outfile, encoding):
        # One write: the response keeps each write as a chunk.
        outfile.write(json.dumps(self.document(), ensure_ascii=False))

    def document(self) -> dict:
        feed = self.feed
        return without_empty(
            {
                "version": self.version,
                "title": feed["title"],
                "home_page_url": feed["link"],
                "feed_url": feed["feed_url"],
                "description": feed["description"],
                "language": feed["language"],
                "authors": json_authors([feed["author_name"]]),
                "items": [self.item(item) for item in self.items],
            },
            keep={"items"},
        )

    def item(self, item: dict) -> dict:
        attachments = [
            without_empty(
                {
                    "url": enclosure.url,
                    "mime_type": enclosure.mime_type,
                    "size_in_bytes": int(enclosure.length or 0) or None,  # 0: unknown
                }
            )
            for enclosure in item["enclosures"]
        ]
        images = [a["url"] for a in attachments if a["mime_type"].startswith("image/")]
        # JSON Feed needs one of the two: the full text, else the summary.
        if item.get("content"):
            body = {"content_html": item["content"]}
        else:
            body = {"content_text": item["description"] or ""}
        return without_empty(
            {
                "id": item["unique_id"],
                "url": item["link"],
                "title": item["title"],
                "summary": item["description"],
                **body,
                "image": images[0] if images else None,
                "date_published": json_date(item["pubdate"]),
                "date_modified": json_date(item["updateddate"]),
                "authors": json_authors(item.get("authors", ())),
                "tags": list(item["categories"]),
                "attachments": attachments,
            },
            keep={"content_html", "content_text"},
        )


def json_authors(names) -> list[dict]:
    """JSON Feed 1.1 author objects; a name is all Helix publishes about a person."""
    return [{"name": name} for name in names if name]


def json_date(value) -> str | None:
    """RFC 3339, exactly as the Atom feed writes the same instant."""
    return feedgenerator.rfc3339_date(value) if value is not None else None


def without_empty(fields: dict, keep: set[str] = frozenset()) -> dict:
    """JSON Feed leaves an unknown field out rather than sending null or an empty list."""
    return {
        name: value for name, value in fields.items() if name in keep or value not in (None, "", [])
    }
