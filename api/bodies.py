"""Page bodies and references as API clients need them: public HTML, not Wagtail's storage.

A StreamField's ``get_api_representation`` hands rich text back in the database
format (``<a linktype="page" id="3">``, ``<a linktype="citation" id="7" number="1">``),
which no client can display. Here the representation is walked beside the block
tree and every rich-text value goes through ``expand_db_html``, the public API the
templates use, so links resolve and citations become the numbered markers readers
see. Relative links are made absolute (a client has no page to resolve them on).

All rich text of a page is expanded in one call, so each link type is resolved in
one batch (one query for all the linked pages, not one per paragraph): the detail
endpoints keep their query budget however long the body grows.
"""

import re
from html import unescape
from typing import Any

from django.utils.html import strip_tags

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.rich_text import expand_db_html

from helix.links import absolute_url

#: Joins the rich-text values of one page for a single expansion; rich text (sanitised by
#: the editor's converter) cannot contain an HTML comment, so it never occurs inside one.
SEPARATOR = "<!--helix-api-rich-text-->"
RELATIVE_HREF = re.compile(r'\bhref="(/[^/"][^"]*|/|#[^"]*)"')


class _RichTextSlot:
    """Where one rich-text value sits in the representation, until it is expanded."""

    def __init__(self, source: str):
        self.source = source
        self.html = ""


def _collect(block: blocks.Block, value: Any, slots: list[_RichTextSlot]) -> Any:
    """The API representation ``value`` of ``block``, with rich text replaced by slots."""
    if value is None:
        return value
    if isinstance(block, blocks.RichTextBlock):
        slot = _RichTextSlot(value if isinstance(value, str) else str(value))
        slots.append(slot)
        return slot
    if isinstance(block, TypedTableBlock) and isinstance(value, dict):
        columns = value.get("columns", [])
        for row in value.get("rows", []):
            cells = row.get("values", [])
            for index, column in enumerate(columns[: len(cells)]):
                child = block.child_blocks.get(column.get("type"))
                if child is not None:
                    cells[index] = _collect(child, cells[index], slots)
        return value
    if isinstance(block, blocks.StreamBlock) and isinstance(value, list):
        for item in value:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                item["value"] = _collect(child, item.get("value"), slots)
        return value
    if isinstance(block, blocks.ListBlock) and isinstance(value, list):
        return [_collect(block.child_block, item, slots) for item in value]
    if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        for name, child in block.child_blocks.items():
            if name in value:
                value[name] = _collect(child, value[name], slots)
        return value
    return value


def _fill(value: Any) -> Any:
    if isinstance(value, _RichTextSlot):
        return value.html
    if isinstance(value, list):
        return [_fill(item) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item) for key, item in value.items()}
    return value


def public_html(sources: list[str], page_url: str, request=None) -> list[str]:
    """Expand rich-text ``sources`` (database format) in one batch; links made absolute.

    ``#ref-1`` anchors point into ``page_url``, site paths onto the site's address.
    """
    if not sources:
        return []
    expanded = expand_db_html(SEPARATOR.join(sources)).split(SEPARATOR)

    def absolute(match: re.Match) -> str:
        target = match.group(1)
        url = page_url + target if target.startswith("#") else absolute_url(target, request)
        return f'href="{url}"'

    return [RELATIVE_HREF.sub(absolute, html) for html in expanded]


def stream_for_api(stream_value, page_url: str, request=None) -> list[dict[str, Any]]:
    """A StreamField value as JSON blocks whose rich text is public, absolute-linked HTML."""
    block = stream_value.stream_block
    representation = block.get_api_representation(stream_value, context={"request": request})
    slots: list[_RichTextSlot] = []
    representation = _collect(block, representation, slots)
    expanded = public_html([slot.source for slot in slots], page_url, request)
    for slot, html in zip(slots, expanded, strict=True):
        slot.html = html
    return _fill(representation)


def references_for_api(page) -> list[dict[str, Any]]:
    """The page's numbered references, then its further reading, as readers see them."""

    def entry(reference) -> dict[str, Any]:
        source = reference.source
        return {
            "number": reference.number,
            "source_id": source.pk,
            "text": unescape(strip_tags(reference.html)).strip(),
            "html": str(reference.html),
            "doi": source.doi,
            "doi_url": f"https://doi.org/{source.doi}" if source.doi else "",
            "pmid": source.pmid,
            "url": source.url,
            "retracted": source.is_retracted,
        }

    return [entry(r) for r in [*page.references(), *page.further_reading_references()]]
