"""The XML writers behind every feed: RSS 2.0 and Atom 1.0 that never break on bad text.

Characters XML 1.0 forbids (control characters, lone surrogates) are dropped
from every string on its way into the generator: Django's generator raises on
them, and one bad title would otherwise take the whole feed down. Everything
else (apostrophes, ampersands, ``<``) is text, escaped once by the XML writer,
so a reader shows what was typed.
"""

from __future__ import annotations

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
