"""CSL-JSON: the citeproc item format, with Helix's own fields under ``custom``."""

import json
from datetime import date

from sources.formats.base import Entry, ImportFormatError, iso_date
from sources.formatting import to_csl
from sources.models import Source, SourceKind

CSL_KINDS = {
    "article-journal": SourceKind.JOURNAL_ARTICLE,
    "article": SourceKind.JOURNAL_ARTICLE,
    "book": SourceKind.BOOK,
    "report": SourceKind.REPORT,
    "article-newspaper": SourceKind.NEWS_ARTICLE,
    "article-magazine": SourceKind.NEWS_ARTICLE,
    "webpage": SourceKind.WEB_PAGE,
    "post-weblog": SourceKind.WEB_PAGE,
    "legislation": SourceKind.REGULATORY_DOCUMENT,
    "regulation": SourceKind.REGULATORY_DOCUMENT,
    "dataset": SourceKind.DATASET,
}


def _csl_date(value, entry: Entry) -> list[int]:
    try:
        return [int(part) for part in (value or {}).get("date-parts", [[]])[0]]
    except (TypeError, ValueError, IndexError, AttributeError) as error:
        raise ImportFormatError(f"CSL-JSON {entry.where()} has an unreadable date.") from error


def read(text: str) -> list[Entry]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(
            f"The CSL-JSON file is not valid JSON at line {error.lineno}, "
            f"column {error.colno}: {error.msg}."
        ) from error
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise ImportFormatError("A CSL-JSON file holds a list of items.")
    lines = text.splitlines()
    entries = []
    for position, item in enumerate(items, start=1):
        label = str(item.get("id", f"item {position}")) if isinstance(item, dict) else str(position)
        needle = f'"{label}"'
        line = next((n for n, row in enumerate(lines, start=1) if needle in row), 1)
        entry = Entry(label=label, line=line)
        if not isinstance(item, dict) or not item.get("title"):
            raise ImportFormatError(f"CSL-JSON {entry.where()} has no title.")
        custom = item.get("custom") if isinstance(item.get("custom"), dict) else {}
        issued = _csl_date(item.get("issued"), entry)
        if not issued:
            raise ImportFormatError(f"CSL-JSON {entry.where()} has no issued year.")
        accessed = _csl_date(item.get("accessed"), entry)
        notice_date = custom.get("notice_date", "")
        kind = custom.get("kind") or CSL_KINDS.get(item.get("type"), SourceKind.REPORT)
        entry.fields = {
            "kind": kind if kind in SourceKind.values else SourceKind.REPORT,
            "title": item["title"],
            "container_title": item.get("container-title", ""),
            "publisher": item.get("publisher", ""),
            "year": issued[0],
            "month": issued[1] if len(issued) > 1 else None,
            "day": issued[2] if len(issued) > 2 else None,
            "volume": str(item.get("volume", "")),
            "issue": str(item.get("issue", "")),
            "pages": str(item.get("page", "")),
            "doi": item.get("DOI", ""),
            "pmid": str(item.get("PMID", "")),
            "pmcid": item.get("PMCID", ""),
            "nct_number": item.get("number", "") if kind == SourceKind.CLINICAL_TRIAL else "",
            "url": item.get("URL", ""),
            "accessed": date(*accessed) if len(accessed) == 3 else None,
            "language": item.get("language", ""),
            "notes": item.get("abstract", ""),
            "notice_kind": custom.get("notice_kind", ""),
            "notice_date": iso_date(notice_date, entry),
            "notice_url": custom.get("notice_url", ""),
        }
        for author in item.get("author", []):
            if "literal" in author:
                entry.authors.append((author["literal"], "", True))
            else:
                entry.authors.append((author.get("family", ""), author.get("given", ""), False))
        entry.tags = list(custom.get("tags", []))
        entries.append(entry)
    return entries


def write(sources: list[Source]) -> str:
    items = []
    for source in sources:
        item = to_csl(source)
        if source.container_title:
            item["container-title"] = source.container_title
        if source.publisher:
            item["publisher"] = source.publisher
        elif "publisher" in item and item["type"] == "webpage":
            del item["publisher"]
        custom = {"kind": source.kind, "tags": sorted(t.name for t in source.tags.all())}
        if source.notice_kind:
            custom["notice_kind"] = source.notice_kind
            custom["notice_url"] = source.notice_url
            custom["notice_date"] = source.notice_date.isoformat() if source.notice_date else ""
        item["custom"] = custom
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)
