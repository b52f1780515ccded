"""BibTeX through bibtexparser 2; LaTeX accents decoded with pylatexenc."""

import re

import bibtexparser
from bibtexparser.model import Entry as BibEntry
from bibtexparser.model import Field as BibField
from pylatexenc.latex2text import LatexNodes2Text

from sources.formats.base import Entry, ImportFormatError, iso_date, parse_year
from sources.models import Source, SourceKind

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


def read(text: str) -> list[Entry]:
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
            "year": parse_year(values.get("year"), bib.key, entry.line),
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
            "accessed": iso_date(values.get("urldate", ""), entry),
            "language": values.get("language", ""),
            "notes": values.get("abstract", ""),
            "notice_kind": values.get("helixnotice", ""),
            "notice_date": iso_date(values.get("helixnoticedate", ""), entry),
            "notice_url": values.get("helixnoticeurl", ""),
        }
        if "author" in bib.fields_dict:
            raw_authors = str(bib.fields_dict["author"].value)
            entry.authors = [_bibtex_author(n) for n in _split_bibtex_names(raw_authors)]
        entry.tags = [t.strip() for t in values.get("keywords", "").split(",") if t.strip()]
        entries.append(entry)
    return entries


def write(sources: list[Source]) -> str:
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
