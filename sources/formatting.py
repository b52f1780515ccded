"""Formatting sources as references through CSL (citeproc-py) with styles shipped in sources/csl.

Formatting is slow (citeproc walks the whole style for each entry), so it happens when
a source changes, not when a reader asks: ``Source.save`` and an author's own save or
deletion store every style's HTML in ``Source.formatted_references``, and pages, feeds,
the API and the library read it (``format_many``) without loading any author.
"""

import re
from functools import lru_cache
from pathlib import Path

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from django.db.models import prefetch_related_objects
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from helix.text import strip_control_characters
from sources.models import CitationStyle, Source, SourceAuthor, SourceKind

CSL_DIR = Path(__file__).resolve().parent / "csl"
STYLE_FILES = {
    CitationStyle.VANCOUVER: "nlm-citation-sequence.csl",
    CitationStyle.APA: "apa.csl",
}
# Kinds CSL lacks map to the nearest CSL type.
CSL_TYPES = {
    SourceKind.REGULATORY_DOCUMENT: "report",
    SourceKind.CLINICAL_TRIAL: "webpage",
}

# citeproc-py glues NLM date parts ("2025Mar14"); Citing Medicine spaces them.
GLUED_DATE = re.compile(r"\b(\d{4})([A-Z][a-z]{2})(\d{1,2})?\b")
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;)]")
PMID_IN_TEXT = re.compile(r"\bPMID: (\d+)")
PMCID_IN_TEXT = re.compile(r"\bPMCID: (PMC\d+)")
DOI_IN_TEXT = re.compile(r"\bdoi:(10\.\d{4,9}/[^\s<>\"]+[^\s<>\".,;)])")


def to_csl(source: Source, authors: list[SourceAuthor] | None = None) -> dict:
    """The source as a CSL-JSON item (also the CSL-JSON export format).

    ``authors`` in order, when the caller has them (a migration's historical rows);
    else the source's own.
    """
    item: dict = {"id": f"source-{source.pk or 0}", "type": CSL_TYPES.get(source.kind, source.kind)}
    item["title"] = source.title
    names = []
    for author in source.author_list if authors is None else authors:
        if author.is_organisation or not author.given:
            names.append({"literal": author.family})
        else:
            names.append({"family": author.family, "given": author.given})
    if names:
        item["author"] = names
    date_parts = [source.year] + [part for part in (source.month, source.day) if part]
    if source.day and not source.month:
        date_parts = [source.year]
    item["issued"] = {"date-parts": [date_parts]}
    web_like = item["type"] == "webpage"
    if source.container_title and not web_like:
        item["container-title"] = source.container_title
    publisher = source.publisher or (source.container_title if web_like else "")
    if publisher:
        item["publisher"] = publisher
    for csl_key, value in (
        ("volume", source.volume),
        ("issue", source.issue),
        ("page", source.pages),
        ("DOI", source.doi),
        ("PMID", source.pmid),
        ("PMCID", source.pmcid),
        ("URL", source.url),
        ("language", source.language),
        ("abstract", source.notes),
    ):
        if value:
            item[csl_key] = value
    if source.nct_number:
        item["number"] = source.nct_number
    if source.accessed:
        accessed = source.accessed
        item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    return item


@lru_cache(maxsize=4)
def load_style(style: str) -> CitationStylesStyle:
    return CitationStylesStyle(str(CSL_DIR / STYLE_FILES[style]), validate=False, locale="en-US")


def _linkify(html: str) -> str:
    html = URL_IN_TEXT.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', html)
    html = PMID_IN_TEXT.sub(
        lambda m: f'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/{m.group(1)}/">{m.group(1)}</a>',
        html,
    )
    html = PMCID_IN_TEXT.sub(
        lambda m: (
            f'PMCID: <a href="https://www.ncbi.nlm.nih.gov/pmc/articles/{m.group(1)}/">'
            f"{m.group(1)}</a>"
        ),
        html,
    )
    return DOI_IN_TEXT.sub(
        lambda m: f'doi:<a href="https://doi.org/{m.group(1)}">{m.group(1)}</a>', html
    )


def _escaped(value):
    """citeproc-py's HTML formatter does not escape: escape the item's text first."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def format_source(
    source: Source,
    style: str = CitationStyle.VANCOUVER,
    authors: list[SourceAuthor] | None = None,
) -> SafeString:
    """One reference, without its number, as safe HTML with DOI, PubMed and URL links."""
    item = _escaped(to_csl(source, authors))
    bibliography = CitationStylesBibliography(
        load_style(style), CiteProcJSON([item]), formatter.html
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    # citeproc's HTML formatter escapes the source's text; only its own <i>/<b> remain.
    html = str(bibliography.bibliography()[0])
    html = re.sub(r"^1\.\s*", "", html)
    html = GLUED_DATE.sub(lambda m: " ".join(part for part in m.groups() if part), html)
    html = _linkify(html)
    extras = []
    if source.pmid and "pubmed.ncbi" not in html:
        extras.append(
            format_html(
                'PubMed: <a href="https://pubmed.ncbi.nlm.nih.gov/{}/">{}</a>',
                source.pmid,
                source.pmid,
            )
        )
    if source.pmcid and "/pmc/articles/" not in html:
        extras.append(
            format_html(
                'PMC: <a href="https://www.ncbi.nlm.nih.gov/pmc/articles/{}/">{}</a>',
                source.pmcid,
                source.pmcid,
            )
        )
    if source.nct_number and source.nct_number not in html:
        extras.append(
            format_html(
                'ClinicalTrials.gov: <a href="https://clinicaltrials.gov/study/{}">{}</a>',
                source.nct_number,
                source.nct_number,
            )
        )
    if extras:
        html = f"{html} {'; '.join(extras)}."
    return mark_safe(html)


def retraction_warning(source: Source) -> SafeString:
    """The visible warning shown before a retracted or corrected source, or nothing."""
    if not source.notice_kind:
        return mark_safe("")
    label = source.get_notice_kind_display()
    when = f" on {source.notice_date:%-d %B %Y}" if source.notice_date else ""
    text = f"{label} notice{when}"
    if source.notice_url:
        return format_html(
            '<strong class="reference__notice reference__notice--{}">'
            '<a href="{}">{}</a>:</strong> ',
            source.notice_kind,
            source.notice_url,
            text,
        )
    return format_html(
        '<strong class="reference__notice reference__notice--{}">{}:</strong> ',
        source.notice_kind,
        text,
    )


def references_in_every_style(
    source: Source, authors: list[SourceAuthor] | None = None
) -> dict[str, str]:
    """What each citation style shows for the source, warning included: what a source stores.

    Control characters go as they go from every field on save (``helix.text``): the
    text is formatted before that cleaning runs, and PostgreSQL's JSON refuses NUL.
    """
    warning = retraction_warning(source)
    return {
        style: strip_control_characters(str(warning + format_source(source, style, authors)))
        for style in CitationStyle.values
    }


def store_formatted_references(sources: list[Source]) -> None:
    """Format sources written without their references (a bulk insert) and store them.

    One query for all their authors, one formatting per source and style, one
    ``bulk_update``: what bulk paths call once their authors are in.
    """
    if not sources:
        return
    prefetch_related_objects(sources, "authors")
    for source in sources:
        source.format_references()
    Source.objects.bulk_update(sources, ["formatted_references"], batch_size=500)


def format_many(sources: list[Source], style: str) -> dict[int, SafeString]:
    """Each source's stored reference (warning included) in ``style``.

    Stored when the source or its authors change; a row stored without it (a raw
    insert, a style added since) is formatted and stored here, once.
    """
    store_formatted_references(
        [source for source in sources if style not in (source.formatted_references or {})]
    )
    # HTML this module built and escaped (references_in_every_style).
    return {source.pk: mark_safe(source.formatted_references[style]) for source in sources}
