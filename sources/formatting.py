"""Formatting sources as references through CSL (citeproc-py) with styles shipped in sources/csl.

Formatted HTML is cached per source, style and ``updated_at``: editing a source changes
its key, so stale entries are never served and need no invalidation.
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

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from sources.models import CitationStyle, Source, SourceKind

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
CACHE_TIMEOUT = 60 * 60 * 24 * 30

# citeproc-py glues NLM date parts ("2025Mar14"); Citing Medicine spaces them.
GLUED_DATE = re.compile(r"\b(\d{4})([A-Z][a-z]{2})(\d{1,2})?\b")
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;)]")
PMID_IN_TEXT = re.compile(r"\bPMID: (\d+)")
PMCID_IN_TEXT = re.compile(r"\bPMCID: (PMC\d+)")
DOI_IN_TEXT = re.compile(r"\bdoi:(10\.\d{4,9}/[^\s<>\"]+[^\s<>\".,;)])")


def to_csl(source: Source) -> dict:
    """The source as a CSL-JSON item (also the CSL-JSON export format)."""
    item: dict = {"id": f"source-{source.pk or 0}", "type": CSL_TYPES.get(source.kind, source.kind)}
    item["title"] = source.title
    authors = []
    for author in source.author_list:
        if author.is_organisation or not author.given:
            authors.append({"literal": author.family})
        else:
            authors.append({"family": author.family, "given": author.given})
    if authors:
        item["author"] = authors
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


def format_source(source: Source, style: str = CitationStyle.VANCOUVER) -> SafeString:
    """One reference, without its number, as safe HTML with DOI, PubMed and URL links."""
    item = _escaped(to_csl(source))
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


def _cache_key(source: Source, style: str) -> str:
    stamp = source.updated_at.timestamp() if source.updated_at else 0
    return f"sources:reference:{style}:{source.pk}:{stamp}"


def format_many(sources: list[Source], style: str) -> dict[int, SafeString]:
    """Formatted HTML (warning included) for each source, from the cache where possible."""
    keys = {source.pk: _cache_key(source, style) for source in sources}
    cached = cache.get_many(list(keys.values()))
    result, missing = {}, {}
    # Authors only for what must be formatted now (one query for all of them).
    to_format = [source for source in sources if keys[source.pk] not in cached]
    prefetch_related_objects(
        [s for s in to_format if "authors" not in getattr(s, "_prefetched_objects_cache", {})],
        "authors",
    )
    for source in sources:
        key = keys[source.pk]
        if key in cached:
            result[source.pk] = mark_safe(cached[key])
        else:
            html = retraction_warning(source) + format_source(source, style)
            result[source.pk] = html
            missing[key] = str(html)
    if missing:
        cache.set_many(missing, CACHE_TIMEOUT)
    return result
