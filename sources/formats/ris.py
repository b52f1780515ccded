"""RIS through rispy, split into records first so errors can name their line."""

import re

import rispy

from sources.formats.base import (
    MAX_FIELD_LENGTH,
    Entry,
    ImportFormatError,
    check_entry_count,
    iso_date,
    parse_year,
    person,
    small_int,
    split_pages,
)
from sources.models import Source, SourceKind

RIS_TYPES = {
    SourceKind.JOURNAL_ARTICLE: "JOUR",
    SourceKind.BOOK: "BOOK",
    SourceKind.REPORT: "RPRT",
    SourceKind.NEWS_ARTICLE: "NEWS",
    SourceKind.WEB_PAGE: "ELEC",
    SourceKind.REGULATORY_DOCUMENT: "GOVDOC",
    SourceKind.CLINICAL_TRIAL: "CTLG",
    SourceKind.DATASET: "DATA",
}
RIS_KINDS = {ris: kind for kind, ris in RIS_TYPES.items()} | {"EJOUR": SourceKind.JOURNAL_ARTICLE}


def _ris_records(text: str) -> list[tuple[int, str]]:
    """Split RIS text into (first line number, record text) pairs at each 'ER  -'."""
    records, current, start = [], [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if (not line.strip() and not current) or re.fullmatch(r"\d+\.", line.strip()):
            continue  # blank lines between records; rispy's "1." record counters
        if start is None:
            start = number
        current.append(line)
        if line.startswith("ER  -"):
            records.append((start, "\n".join(current) + "\n"))
            current, start = [], None
    if current and any(line.strip() for line in current):
        records.append((start, "\n".join(current) + "\n"))
    return records


def read(text: str) -> list[Entry]:
    records = _ris_records(text)
    check_entry_count(len(records))
    entries = []
    for position, (line, record) in enumerate(records, start=1):
        title_match = re.search(r"^(?:TI|T1)  - (.*)$", record, re.MULTILINE)
        label = title_match.group(1)[:60] if title_match else f"record {position}"
        entry = Entry(label=label, line=line)
        long = next(
            (n for n, row in enumerate(record.splitlines()) if len(row) > MAX_FIELD_LENGTH + 6),
            None,
        )
        if long is not None:
            raise ImportFormatError(
                f"RIS {entry.where()}: line {line + long} is longer than a field may be "
                f"({MAX_FIELD_LENGTH:,} characters)."
            )
        bad = next(
            (
                offset
                for offset, row in enumerate(record.splitlines())
                if row.strip() and not re.match(r"^[A-Z][A-Z0-9]  -( |$)", row)
            ),
            None,
        )
        if bad is not None or not record.startswith("TY  -") or "ER  -" not in record:
            at = line + (bad or 0)
            raise ImportFormatError(
                f"RIS {entry.where()} is malformed at line {at}: each line must be "
                "'XX  - value', starting with 'TY  -' and ending with 'ER  -'."
            )
        try:
            (data,) = rispy.loads(record)
        except Exception as error:  # rispy raises several error types for bad input
            raise ImportFormatError(f"RIS {entry.where()} could not be read: {error}") from error
        title = data.get("title") or data.get("primary_title")
        if not title:
            raise ImportFormatError(f"RIS {entry.where()} has no title (TI).")
        date_parts = [p for p in (data.get("date") or "").split("/") if p]
        entry.fields = {
            "kind": RIS_KINDS.get(data.get("type_of_reference"), SourceKind.REPORT),
            "title": title,
            "container_title": data.get("journal_name") or data.get("secondary_title", ""),
            "publisher": data.get("publisher", ""),
            "year": parse_year(data.get("year") or data.get("publication_year"), label, line),
            "month": small_int(date_parts[1]) if len(date_parts) > 1 else None,
            "day": small_int(date_parts[2]) if len(date_parts) > 2 else None,
            "volume": data.get("volume", ""),
            "issue": data.get("number", ""),
            "pages": "-".join(p for p in (data.get("start_page"), data.get("end_page")) if p),
            "doi": data.get("doi", ""),
            "pmid": data.get("accession_number", ""),
            "pmcid": data.get("custom2", ""),
            "nct_number": data.get("custom3", ""),
            "url": (data.get("urls") or [""])[0],
            "accessed": iso_date(data.get("access_date", ""), entry),
            "language": data.get("language", ""),
            "notes": data.get("abstract", ""),
            "notice_kind": data.get("custom4", ""),
            "notice_date": iso_date(data.get("custom5", ""), entry),
            "notice_url": data.get("custom6", ""),
        }
        entry.authors = [person(name) for name in data.get("authors", [])]
        entry.tags = list(data.get("keywords", []))
        entries.append(entry)
    return entries


def write(sources: list[Source]) -> str:
    records = []
    for source in sources:
        start, end = split_pages(source.pages)
        date_value = "/".join(
            [str(source.year), f"{source.month:02d}" if source.month else ""]
            + ([f"{source.day:02d}"] if source.day else [])
        )
        record = {
            "type_of_reference": RIS_TYPES[source.kind],
            "title": source.title,
            "authors": [
                a.family if a.is_organisation else f"{a.family}, {a.given}".strip(", ")
                for a in source.author_list
            ],
            "journal_name": source.container_title,
            "publisher": source.publisher,
            "year": str(source.year),
            "date": date_value if source.month else "",
            "volume": source.volume,
            "number": source.issue,
            "start_page": start,
            "end_page": end,
            "doi": source.doi,
            "accession_number": source.pmid,
            "custom2": source.pmcid,
            "custom3": source.nct_number,
            "urls": [source.url] if source.url else [],
            "access_date": source.accessed.isoformat() if source.accessed else "",
            "language": source.language,
            "abstract": source.notes,
            "keywords": sorted(t.name for t in source.tags.all()),
            "custom4": source.notice_kind,
            "custom5": source.notice_date.isoformat() if source.notice_date else "",
            "custom6": source.notice_url,
        }
        records.append({k: v for k, v in record.items() if v})
    # rispy numbers records ("1."): other reference managers do not expect it.
    return re.sub(r"^\d+\.\n", "", rispy.dumps(records), flags=re.MULTILINE)
