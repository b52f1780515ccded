"""Reading and writing BibTeX, RIS and CSL-JSON.

Readers turn a file into :class:`Entry` records (plain field values, authors, tags) and
raise :class:`ImportFormatError` naming the entry and line of the first problem; they
never touch the database. Writers serialise sources so that reading the output back
gives the same sources (the export round trip).
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date

import bibtexparser
import rispy
from bibtexparser.model import Entry as BibEntry
from bibtexparser.model import Field as BibField
from pylatexenc.latex2text import LatexNodes2Text

from sources.formatting import to_csl
from sources.models import NoticeKind, Source, SourceKind

FORMATS = {"bibtex": "BibTeX (.bib)", "ris": "RIS (.ris)", "csl-json": "CSL-JSON (.json)"}
EXTENSIONS = {"bibtex": "bib", "ris": "ris", "csl-json": "json"}
CONTENT_TYPES = {
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csl-json": "application/vnd.citationstyles.csl+json",
}


class ImportFormatError(ValueError):
    """A file that cannot be imported; the message names the entry and line."""


@dataclass
class Entry:
    """One work read from a file, before it becomes a Source."""

    label: str
    line: int
    fields: dict = field(default_factory=dict)
    authors: list[tuple[str, str, bool]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def where(self) -> str:
        return f"entry '{self.label}' (line {self.line})"


def guess_format(filename: str) -> str | None:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {"bib": "bibtex", "bibtex": "bibtex", "ris": "ris", "json": "csl-json"}.get(extension)


def read(text: str, fmt: str) -> list[Entry]:
    readers = {"bibtex": read_bibtex, "ris": read_ris, "csl-json": read_csl_json}
    if fmt not in readers:
        raise ImportFormatError(f"Unknown format {fmt!r}: choose BibTeX, RIS or CSL-JSON.")
    entries = readers[fmt](text)
    if not entries:
        raise ImportFormatError("The file contains no references.")
    return entries


def write(sources: list[Source], fmt: str) -> str:
    writers = {"bibtex": write_bibtex, "ris": write_ris, "csl-json": write_csl_json}
    return writers[fmt](sources)


def _year(value, entry_label: str, line: int) -> int:
    match = re.search(r"\d{4}", str(value or ""))
    if not match:
        raise ImportFormatError(f"Entry '{entry_label}' (line {line}) has no four-digit year.")
    return int(match.group(0))


def _split_pages(pages: str) -> tuple[str, str]:
    start, _, end = pages.replace("–", "-").replace("--", "-").partition("-")
    return start.strip(), end.strip()


def _person(name: str) -> tuple[str, str, bool]:
    """'Family, Given' is a person; a name without a comma is an organisation."""
    family, comma, given = name.partition(",")
    if not comma:
        return name.strip(), "", True
    return family.strip(), given.strip(), False


# --- BibTeX ---------------------------------------------------------------------------

BIBTEX_TYPES = {
    SourceKind.JOURNAL_ARTICLE: "article",
    SourceKind.BOOK: "book",
    SourceKind.REPORT: "techreport",
    SourceKind.NEWS_ARTICLE: "article",
    SourceKind.WEB_PAGE: "online",
    SourceKind.REGULATORY_DOCUMENT: "techreport",
    SourceKind.CLINICAL_TRIAL: "misc",
    SourceKind.DATASET: "dataset",
}
BIBTEX_KINDS = {
    "article": SourceKind.JOURNAL_ARTICLE,
    "book": SourceKind.BOOK,
    "techreport": SourceKind.REPORT,
    "report": SourceKind.REPORT,
    "online": SourceKind.WEB_PAGE,
    "webpage": SourceKind.WEB_PAGE,
    "dataset": SourceKind.DATASET,
}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_latex = LatexNodes2Text()


def _split_bibtex_names(value: str) -> list[str]:
    """Split on ' and ' outside braces, keeping {Organisation names} whole."""
    names, depth, current = [], 0, ""
    tokens = re.split(r"(\{|\}|\s+and\s+)", value)
    for token in tokens:
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if re.fullmatch(r"\s+and\s+", token or "") and depth == 0:
            names.append(current.strip())
            current = ""
        else:
            current += token or ""
    if current.strip():
        names.append(current.strip())
    return names


def _bibtex_author(name: str) -> tuple[str, str, bool]:
    if name.startswith("{") and name.endswith("}"):
        return _latex.latex_to_text(name[1:-1]).strip(), "", True
    text = _latex.latex_to_text(name).strip()
    if "," in text:
        family, _, given = text.partition(",")
        return family.strip(), given.strip(), False
    parts = text.rsplit(" ", 1)
    if len(parts) == 1:
        return text, "", True
    return parts[1], parts[0], False


def read_bibtex(text: str) -> list[Entry]:
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        failed = library.failed_blocks[0]
        key = getattr(failed, "key", None) or failed.raw.split("{", 1)[-1].split(",", 1)[0]
        raise ImportFormatError(
            f"BibTeX entry '{key.strip()}' (line {failed.start_line + 1}) could not be read: "
            "check its braces, quotes and commas."
        )
    entries = []
    for bib in library.entries:
        values = {
            name.lower(): _latex.latex_to_text(str(f.value)).strip()
            for name, f in bib.fields_dict.items()
            if name.lower() != "author"
        }
        entry = Entry(label=bib.key, line=bib.start_line + 1)
        kind = values.get("helixkind") or BIBTEX_KINDS.get(
            bib.entry_type.lower(), SourceKind.REPORT
        )
        if kind not in SourceKind.values:
            kind = SourceKind.REPORT
        if "title" not in values:
            raise ImportFormatError(f"BibTeX {entry.where()} has no title.")
        month = values.get("month", "").lower()[:3]
        entry.fields = {
            "kind": kind,
            "title": values["title"],
            "container_title": values.get("journal") or values.get("howpublished", ""),
            "publisher": values.get("publisher") or values.get("institution", ""),
            "year": _year(values.get("year"), bib.key, entry.line),
            "month": MONTHS.index(month) + 1
            if month in MONTHS
            else (int(month) if month.isdigit() else None),
            "day": int(values["day"]) if values.get("day", "").isdigit() else None,
            "volume": values.get("volume", ""),
            "issue": values.get("number", ""),
            "pages": values.get("pages", "").replace("–", "-").replace("--", "-"),
            "doi": values.get("doi", ""),
            "pmid": values.get("pmid", ""),
            "pmcid": values.get("pmcid", ""),
            "nct_number": values.get("nct", ""),
            "url": values.get("url", ""),
            "accessed": _iso_date(values.get("urldate", ""), entry),
            "language": values.get("language", ""),
            "notes": values.get("abstract", ""),
            "notice_kind": values.get("helixnotice", ""),
            "notice_date": _iso_date(values.get("helixnoticedate", ""), entry),
            "notice_url": values.get("helixnoticeurl", ""),
        }
        if "author" in bib.fields_dict:
            raw_authors = str(bib.fields_dict["author"].value)
            entry.authors = [_bibtex_author(n) for n in _split_bibtex_names(raw_authors)]
        entry.tags = [t.strip() for t in values.get("keywords", "").split(",") if t.strip()]
        entries.append(entry)
    return entries


def write_bibtex(sources: list[Source]) -> str:
    library = bibtexparser.Library()
    for source in sources:
        authors = " and ".join(
            "{" + a.family + "}" if a.is_organisation else f"{a.family}, {a.given}".strip(", ")
            for a in source.author_list
        )
        values = {
            "title": source.title,
            "author": authors,
            "journal" if source.kind == SourceKind.JOURNAL_ARTICLE else "howpublished": (
                source.container_title
            ),
            "publisher": source.publisher,
            "year": str(source.year),
            "month": MONTHS[source.month - 1] if source.month else "",
            "day": str(source.day or ""),
            "volume": source.volume,
            "number": source.issue,
            "pages": source.pages.replace("-", "--"),
            "doi": source.doi,
            "pmid": source.pmid,
            "pmcid": source.pmcid,
            "nct": source.nct_number,
            "url": source.url,
            "urldate": source.accessed.isoformat() if source.accessed else "",
            "language": source.language,
            "abstract": source.notes,
            "keywords": ", ".join(sorted(t.name for t in source.tags.all())),
            "helixkind": source.kind,
            "helixnotice": source.notice_kind,
            "helixnoticedate": source.notice_date.isoformat() if source.notice_date else "",
            "helixnoticeurl": source.notice_url,
        }
        fields = [BibField(k, v) for k, v in values.items() if v]
        library.add(BibEntry(BIBTEX_TYPES[source.kind], f"source{source.pk}", fields))
    return bibtexparser.write_string(library)


# --- RIS ------------------------------------------------------------------------------

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


def _iso_date(value: str, entry: Entry) -> date | None:
    value = (value or "").strip().replace("/", "-").strip("-")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ImportFormatError(
            f"{entry.where()}: {value!r} is not a date like 2025-03-14."
        ) from error


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


def read_ris(text: str) -> list[Entry]:
    entries = []
    for position, (line, record) in enumerate(_ris_records(text), start=1):
        title_match = re.search(r"^(?:TI|T1)  - (.*)$", record, re.MULTILINE)
        label = title_match.group(1)[:60] if title_match else f"record {position}"
        entry = Entry(label=label, line=line)
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
            "year": _year(data.get("year") or data.get("publication_year"), label, line),
            "month": int(date_parts[1]) if len(date_parts) > 1 else None,
            "day": int(date_parts[2]) if len(date_parts) > 2 else None,
            "volume": data.get("volume", ""),
            "issue": data.get("number", ""),
            "pages": "-".join(p for p in (data.get("start_page"), data.get("end_page")) if p),
            "doi": data.get("doi", ""),
            "pmid": data.get("accession_number", ""),
            "pmcid": data.get("custom2", ""),
            "nct_number": data.get("custom3", ""),
            "url": (data.get("urls") or [""])[0],
            "accessed": _iso_date(data.get("access_date", ""), entry),
            "language": data.get("language", ""),
            "notes": data.get("abstract", ""),
            "notice_kind": data.get("custom4", ""),
            "notice_date": _iso_date(data.get("custom5", ""), entry),
            "notice_url": data.get("custom6", ""),
        }
        entry.authors = [_person(name) for name in data.get("authors", [])]
        entry.tags = list(data.get("keywords", []))
        entries.append(entry)
    return entries


def write_ris(sources: list[Source]) -> str:
    records = []
    for source in sources:
        start, end = _split_pages(source.pages)
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


# --- CSL-JSON -------------------------------------------------------------------------

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


def read_csl_json(text: str) -> list[Entry]:
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
            "notice_date": _iso_date(notice_date, entry),
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


def write_csl_json(sources: list[Source]) -> str:
    items = []
    for source in sources:
        item = to_csl(source)
        item["type"] = item["type"]
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


__all__ = ["FORMATS", "Entry", "ImportFormatError", "NoticeKind", "read", "write"]
