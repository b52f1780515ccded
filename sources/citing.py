"""Finding a page's citations, numbering them, and building its references list.

A page cites a source through a "citation" entity in rich text, stored as
``<a linktype="citation" id="12" number="3" occurrence="1">[3]</a>``, or through the
``citation`` of a key figure block. Sources are numbered in order of first citation,
walking the page's citing fields in declaration order. The number is written into the
stored markers whenever the page is cleaned (saving, previewing, publishing), so every
rendering of the body, including feeds, shows the number that the list uses.
"""

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.snippets.blocks import SnippetChooserBlock

from sources.formatting import format_many
from sources.models import CitationStyle, ReferenceSettings, Source

CITATION_TAG = re.compile(r'<a\b([^>]*\blinktype="citation"[^>]*)>(.*?)</a>', re.DOTALL)
SOURCE_ID = re.compile(r'\bid="(\d+)"')
NOT_CITING_FIELDS = {"further_reading"}


@dataclass
class Reference:
    """One numbered entry of a page's references list."""

    number: int | None
    source: Source
    html: SafeString
    occurrences: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}" if self.number else f"further-{self.source.pk}"


class CitationCollector:
    """Numbers sources in order of first citation and counts their in-text markers."""

    def __init__(self) -> None:
        self.numbers: dict[int, int] = {}
        self.markers: dict[int, list[str]] = {}

    def cite(self, source_id: int) -> int:
        return self.numbers.setdefault(source_id, len(self.numbers) + 1)

    def cite_in_text(self, source_id: int) -> tuple[int, str]:
        number = self.cite(source_id)
        markers = self.markers.setdefault(source_id, [])
        marker_id = f"cite-{number}-{len(markers) + 1}"
        markers.append(marker_id)
        return number, marker_id

    def rewrite_rich_text(self, html: str) -> str:
        """Cite each marker in ``html`` and store its number in the marker."""

        def renumber(match: re.Match) -> str:
            found = SOURCE_ID.search(match.group(1))
            if not found:
                return match.group(0)
            source_id = int(found.group(1))
            number, marker_id = self.cite_in_text(source_id)
            occurrence = marker_id.rsplit("-", 1)[1]
            return (
                f'<a linktype="citation" id="{source_id}" number="{number}" '
                f'occurrence="{occurrence}">[{number}]</a>'
            )

        return CITATION_TAG.sub(renumber, html)


def _walk(block: blocks.Block, raw, collector: CitationCollector):
    """Visit a block's raw value in reading order; return it with markers renumbered."""
    if raw is None:
        return raw
    if isinstance(block, blocks.RichTextBlock):
        return collector.rewrite_rich_text(raw) if isinstance(raw, str) else raw
    if isinstance(block, SnippetChooserBlock):
        if block.target_model is Source and isinstance(raw, int):
            collector.cite(raw)
        return raw
    if isinstance(block, TypedTableBlock):
        columns = raw.get("columns", [])
        for row in raw.get("rows", []):
            values = row.get("values", [])
            for index, column in enumerate(columns[: len(values)]):
                child = block.child_blocks.get(column.get("type"))
                if child is not None:
                    values[index] = _walk(child, values[index], collector)
        return raw
    if isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                item["value"] = _walk(child, item.get("value"), collector)
        return raw
    if isinstance(block, blocks.ListBlock):
        for index, item in enumerate(raw):
            if isinstance(item, dict) and item.get("type") == "item":
                item["value"] = _walk(block.child_block, item.get("value"), collector)
            else:
                raw[index] = _walk(block.child_block, item, collector)
        return raw
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if name in raw:
                raw[name] = _walk(child, raw[name], collector)
        return raw
    return raw


def citing_fields(model) -> Iterator:
    """StreamFields and citation-enabled rich-text fields, in declaration order."""
    for model_field in model._meta.concrete_fields:
        if model_field.name in NOT_CITING_FIELDS:
            continue
        cites_in_rich_text = isinstance(model_field, RichTextField) and "citation" in (
            model_field.features or []
        )
        if isinstance(model_field, StreamField) or cites_in_rich_text:
            yield model_field


def collect(page, write: bool = False) -> CitationCollector:
    """Walk every citing field of ``page``; with ``write``, store renumbered markers."""
    collector = CitationCollector()
    for model_field in citing_fields(type(page)):
        value = getattr(page, model_field.attname)
        if isinstance(model_field, StreamField):
            raw = copy.deepcopy(value.get_prep_value()) if value is not None else []
            raw = _walk(model_field.stream_block, raw, collector)
            if write and raw != value.get_prep_value():
                setattr(page, model_field.attname, raw)
        elif value:
            rewritten = collector.rewrite_rich_text(value)
            if write and rewritten != value:
                setattr(page, model_field.attname, rewritten)
    return collector


def number_citations(page) -> CitationCollector:
    """Renumber the page's stored markers in order of first citation."""
    for cached in ("_references", "_further_reading"):
        page.__dict__.pop(cached, None)
    return collect(page, write=True)


def citation_style_for(page) -> str:
    # The site id comes from Wagtail's cached site root paths: no Site query.
    url_parts = page.get_url_parts() if page.pk else None
    if url_parts is None:
        return CitationStyle.VANCOUVER
    style = (
        ReferenceSettings.objects.filter(site_id=url_parts[0])
        .values_list("citation_style", flat=True)
        .first()
    )
    return style or CitationStyle.VANCOUVER


def references_for(
    source_ids: list[int],
    style: str,
    numbered: bool = True,
    markers: dict[int, list[str]] | None = None,
    loaded: dict[int, Source] | None = None,
) -> list[Reference]:
    """References for sources in the given order: one query, whatever their number.

    Each source's formatted text is stored on it (``format_many``): no author is loaded.

    ``loaded`` passes sources already fetched (see ``prefetch_references``).
    """
    by_id = loaded if loaded is not None else Source.objects.in_bulk(source_ids)
    sources = [by_id[pk] for pk in source_ids if pk in by_id]
    html = format_many(sources, style)
    markers = markers or {}
    return [
        Reference(
            number=position if numbered else None,
            source=source,
            html=html[source.pk],
            occurrences=markers.get(source.pk, []),
        )
        for position, source in enumerate(sources, start=1)
    ]


def build_references(
    page, style: str | None = None, loaded: dict[int, Source] | None = None
) -> list[Reference]:
    collector = collect(page)
    ordered = sorted(collector.numbers, key=collector.numbers.get)
    references = references_for(
        ordered, style or citation_style_for(page), markers=collector.markers, loaded=loaded
    )
    # Keep the numbers the markers show even if a cited source was deleted since.
    for reference in references:
        reference.number = collector.numbers[reference.source.pk]
    return references


def further_reading_ids(page) -> list[int]:
    ids = [
        item.get("value")
        for item in page.further_reading.get_prep_value()
        if isinstance(item.get("value"), int)
    ]
    return list(dict.fromkeys(ids))


def build_further_reading(
    page, cited: set[int], style: str | None = None, loaded: dict[int, Source] | None = None
) -> list[Reference]:
    ids = [pk for pk in further_reading_ids(page) if pk not in cited]
    if not ids:
        return []
    return references_for(ids, style or citation_style_for(page), numbered=False, loaded=loaded)


def prefetch_references(pages: list, style: str | None = None) -> None:
    """Build the references of pages at once (a page, a feed): a fixed number of queries.

    The style (the request's, or the first page's site's) is read once; every
    cited or further-reading source is fetched in one go; each page's
    ``references()`` then answers from memory.
    """
    pages = [page for page in pages if callable(getattr(page, "references", None))]
    if not pages:
        return
    style = style or citation_style_for(pages[0])
    collectors = [collect(page) for page in pages]
    wanted = {pk for collector in collectors for pk in collector.numbers}
    wanted.update(pk for page in pages for pk in further_reading_ids(page))
    loaded = Source.objects.in_bulk(list(wanted)) if wanted else {}
    for page in pages:
        references = build_references(page, style, loaded=loaded)
        cited = {reference.source.pk for reference in references}
        page.__dict__["_citation_style"] = style
        page.__dict__["_references"] = references
        page.__dict__["_further_reading"] = build_further_reading(page, cited, style, loaded)
