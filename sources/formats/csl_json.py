"""CSL-JSON: the citeproc item format, with Helix's own fields under ``custom``."""

import json
import re
from datetime import date

from sources.formats.base import (
    Entry,
    ImportFormatError,
    check_entry_count,
    check_length,
    check_nesting,
    iso_date,
)
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


#: A JSON string, escapes included: what the nesting check skips (brackets in text).
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
#: How a value of the wrong type is named in a message.
JSON_TYPES = {dict: "an object", list: "a list", str: "text", bool: "true or false"}


def _json_type(value) -> str:
    return "null" if value is None else JSON_TYPES.get(type(value), "a number")


def _text(item: dict, key: str, entry: Entry, *, number: bool = False) -> str:
    """``item[key]`` as text ("" when absent); a number too where CSL allows one."""
    value = item.get(key)
    if value is None:
        return ""
    if number and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        allowed = "text or a whole number" if number else "text"
        raise ImportFormatError(
            f"CSL-JSON {entry.where()}: {key!r} must be {allowed}, not {_json_type(value)}."
        )
    return check_length(value, key, f"CSL-JSON {entry.where()}")


def _object(item: dict, key: str, entry: Entry) -> dict:
    value = item.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ImportFormatError(
            f"CSL-JSON {entry.where()}: {key!r} must be an object, not {_json_type(value)}."
        )
    return value


def _list(item: dict, key: str, entry: Entry) -> list:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportFormatError(
            f"CSL-JSON {entry.where()}: {key!r} must be a list, not {_json_type(value)}."
        )
    return value


def _csl_date(value, entry: Entry) -> list[int]:
    try:
        parts = [int(part) for part in (value or {}).get("date-parts", [[]])[0]]
    except (TypeError, ValueError, IndexError, AttributeError, OverflowError) as error:
        raise ImportFormatError(f"CSL-JSON {entry.where()} has an unreadable date.") from error
    if any(not 0 < part < 10_000 for part in parts):
        raise ImportFormatError(f"CSL-JSON {entry.where()} has an unreadable date.")
    return parts


def _accessed(parts: list[int], entry: Entry) -> date | None:
    if len(parts) != 3:
        return None
    try:
        return date(*parts)
    except ValueError as error:
        raise ImportFormatError(f"CSL-JSON {entry.where()}: {parts} is not a date.") from error


def _label(item, position: int) -> tuple[str, str]:
    """The item's id for messages, and its text id as the file writes it (to find its line)."""
    value = item.get("id") if isinstance(item, dict) else None
    if isinstance(value, str):
        return value[:60], json.dumps(value, ensure_ascii=False)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), ""
    return f"item {position}", ""


def read(text: str) -> list[Entry]:
    check_nesting(JSON_STRING.sub("", text))
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(
            f"The CSL-JSON file is not valid JSON at line {error.lineno}, "
            f"column {error.colno}: {error.msg}."
        ) from error
    except ValueError as error:  # a number of more than 4,300 digits
        raise ImportFormatError(f"The CSL-JSON file could not be read: {error}.") from error
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise ImportFormatError("A CSL-JSON file holds a list of items.")
    check_entry_count(len(items))
    lines = text.splitlines()
    entries = []
    searched_from = 0  # items come in file order: each is looked for after the one before
    for position, item in enumerate(items, start=1):
        label, needle = _label(item, position)
        if needle:
            rows = range(searched_from, len(lines))
            searched_from = next((n for n in rows if needle in lines[n]), searched_from)
        entry = Entry(label=label, line=searched_from + 1)
        if not isinstance(item, dict) or not _text(item, "title", entry):
            raise ImportFormatError(f"CSL-JSON {entry.where()} has no title.")
        custom = item.get("custom") if isinstance(item.get("custom"), dict) else {}
        issued = _csl_date(_object(item, "issued", entry), entry)
        if not issued:
            raise ImportFormatError(f"CSL-JSON {entry.where()} has no issued year.")
        accessed = _csl_date(_object(item, "accessed", entry), entry)
        kind = _text(custom, "kind", entry) or CSL_KINDS.get(
            _text(item, "type", entry), SourceKind.REPORT
        )
        entry.fields = {
            "kind": kind if kind in SourceKind.values else SourceKind.REPORT,
            "title": _text(item, "title", entry),
            "container_title": _text(item, "container-title", entry),
            "publisher": _text(item, "publisher", entry),
            "year": issued[0],
            "month": issued[1] if len(issued) > 1 else None,
            "day": issued[2] if len(issued) > 2 else None,
            "volume": _text(item, "volume", entry, number=True),
            "issue": _text(item, "issue", entry, number=True),
            "pages": _text(item, "page", entry, number=True),
            "doi": _text(item, "DOI", entry),
            "pmid": _text(item, "PMID", entry, number=True),
            "pmcid": _text(item, "PMCID", entry),
            "nct_number": _text(item, "number", entry, number=True)
            if kind == SourceKind.CLINICAL_TRIAL
            else "",
            "url": _text(item, "URL", entry),
            "accessed": _accessed(accessed, entry),
            "language": _text(item, "language", entry),
            "notes": _text(item, "abstract", entry),
            "notice_kind": _text(custom, "notice_kind", entry),
            "notice_date": iso_date(_text(custom, "notice_date", entry), entry),
            "notice_url": _text(custom, "notice_url", entry),
        }
        for author in _list(item, "author", entry):
            if not isinstance(author, dict):
                raise ImportFormatError(
                    f"CSL-JSON {entry.where()}: each author must be an object, "
                    f"not {_json_type(author)}."
                )
            if "literal" in author:
                entry.authors.append((_text(author, "literal", entry), "", True))
            else:
                family, given = _text(author, "family", entry), _text(author, "given", entry)
                entry.authors.append((family, given, False))
        for tag in _list(custom, "tags", entry):
            if not isinstance(tag, str):
                raise ImportFormatError(
                    f"CSL-JSON {entry.where()}: each tag must be text, not {_json_type(tag)}."
                )
            entry.tags.append(check_length(tag, "tags", f"CSL-JSON {entry.where()}"))
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
