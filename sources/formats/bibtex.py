"""BibTeX through bibtexparser 2; LaTeX accents decoded with pylatexenc.

Each kind of source is written as the entry type and fields that reference managers
read back as the same kind, following BibTeX and BibLaTeX conventions. Zotero's
BibTeX importer (the ``BibTeX.js`` translator) and JabRef are the readers aimed at:

=====================  ===========================================  ==========================
Helix kind             entry type; container / publisher fields     Zotero's BibTeX import
=====================  ===========================================  ==========================
Journal article        ``@article``; ``journal`` / ``publisher``    Journal Article
Book                   ``@book``; ``series`` / ``publisher``        Book
Report                 ``@techreport``; ``series`` / ``institution``  Report
News article           ``@article`` + ``entrysubtype = newspaper``;  Journal Article (1)
                       ``journal`` (the outlet) / ``publisher``
Web page               ``@online``; ``organization`` (the site) /   Web Page (``urldate``:
                       ``publisher``                                Accessed)
Regulatory document    ``@techreport`` + ``type = Regulatory        Report, of that Type
                       document``; ``series`` / ``institution``
Clinical trial record  ``@misc``; ``howpublished`` (the registry) /  Document (2)
                       ``organization``; ``nct``
Dataset                ``@dataset``; ``organization`` (the          (3)
                       repository) / ``publisher``
=====================  ===========================================  ==========================

(1) No BibTeX type imports as a Zotero Newspaper Article; ``@article`` keeps the outlet
as the publication, and ``entrysubtype`` (BibLaTeX's marker for newspaper articles)
tells Helix and biblatex styles what it is. (2) BibTeX has no trial type; the NCT
number reaches Zotero's Extra field and the record's ``url`` its URL. (3) ``@dataset``
is BibLaTeX's type, read by biblatex and JabRef (BibLaTeX mode); Zotero's BibTeX
importer has no mapping for it, and none of BibTeX's own types means a dataset.

Every kind also carries ``author``, ``year``/``month``/``day``, ``volume``, ``pages``,
``doi``, ``pmid``, ``url``, ``urldate``, ``language``, ``abstract`` and ``keywords``
when set. The kind is read back from the entry type and these markers alone
(``entrysubtype``, ``type``, an ``nct`` number), as another tool would; the
``helixkind`` field of files exported before this mapping is still honoured.
"""

import re

import bibtexparser
from bibtexparser.model import Entry as BibEntry
from bibtexparser.model import Field as BibField
from pylatexenc.latex2text import LatexNodes2Text

from sources.formats.base import (
    Entry,
    ImportFormatError,
    check_entry_count,
    check_length,
    check_nesting,
    iso_date,
    parse_year,
    small_int,
)
from sources.models import Source, SourceKind

REGULATORY_TYPE = "Regulatory document"
NEWSPAPER = "newspaper"

#: kind: (entry type, field for container_title, field for publisher, fixed fields)
BIBTEX_MAPPING: dict[str, tuple[str, str, str, dict[str, str]]] = {
    SourceKind.JOURNAL_ARTICLE: ("article", "journal", "publisher", {}),
    SourceKind.BOOK: ("book", "series", "publisher", {}),
    SourceKind.REPORT: ("techreport", "series", "institution", {}),
    SourceKind.NEWS_ARTICLE: ("article", "journal", "publisher", {"entrysubtype": NEWSPAPER}),
    SourceKind.WEB_PAGE: ("online", "organization", "publisher", {}),
    SourceKind.REGULATORY_DOCUMENT: (
        "techreport",
        "series",
        "institution",
        {"type": REGULATORY_TYPE},
    ),
    SourceKind.CLINICAL_TRIAL: ("misc", "howpublished", "organization", {}),
    SourceKind.DATASET: ("dataset", "organization", "publisher", {}),
}
#: Entry types other tools write, by the kind they mean.
BIBTEX_KINDS = {
    "article": SourceKind.JOURNAL_ARTICLE,
    "book": SourceKind.BOOK,
    "techreport": SourceKind.REPORT,
    "report": SourceKind.REPORT,
    "online": SourceKind.WEB_PAGE,
    "webpage": SourceKind.WEB_PAGE,
    "electronic": SourceKind.WEB_PAGE,
    "dataset": SourceKind.DATASET,
}


def kind_of(entry_type: str, values: dict[str, str]) -> str:
    """The Helix kind an entry means, from its type and the markers the mapping writes."""
    legacy = values.get("helixkind", "")
    if legacy in SourceKind.values:
        return legacy
    entry_type = entry_type.lower()
    if entry_type == "article" and values.get("entrysubtype", "").lower() in {
        NEWSPAPER,
        "magazine",
    }:
        return SourceKind.NEWS_ARTICLE
    if entry_type in {"techreport", "report"} and "regulat" in values.get("type", "").lower():
        return SourceKind.REGULATORY_DOCUMENT
    if entry_type == "misc" and (
        values.get("nct") or "clinicaltrials" in values.get("howpublished", "").lower()
    ):
        return SourceKind.CLINICAL_TRIAL
    return BIBTEX_KINDS.get(entry_type, SourceKind.REPORT)


MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_latex = LatexNodes2Text()
#: The fields the reader uses, and so the only ones decoded from LaTeX (which takes time).
READ_FIELDS = frozenset(
    {"author", "title", "year", "month", "day", "volume", "number", "pages", "doi", "pmid"}
    | {"pmcid", "nct", "url", "urldate", "language", "abstract", "keywords", "type"}
    | {"journal", "journaltitle", "series", "organization", "howpublished", "publisher"}
    | {"institution", "entrysubtype", "helixkind", "helixnotice", "helixnoticedate"}
    | {"helixnoticeurl"}
)
#: Where an entry starts, as BibTeX reads it: ``@type{`` or ``@type(``.
ENTRY_START = re.compile(r"@\s*(\w+)\s*[{(]")
NOT_REFERENCES = {"comment", "string", "preamble"}


def count_entries(text: str) -> int:
    """References in ``text``, counted without parsing it (an upper bound)."""
    starts = ENTRY_START.finditer(text)
    return sum(1 for start in starts if start.group(1).lower() not in NOT_REFERENCES)


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
    check_entry_count(count_entries(text))
    check_nesting(text)
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        failed = library.failed_blocks[0]
        key = getattr(failed, "key", None) or failed.raw.split("{", 1)[-1].split(",", 1)[0]
        raise ImportFormatError(
            f"BibTeX entry '{key.strip()[:60]}' (line {failed.start_line + 1}) could not be "
            "read: check its braces, quotes and commas."
        )
    entries = []
    for bib in library.entries:
        entry = Entry(label=bib.key[:60], line=bib.start_line + 1)
        raw = {
            name.lower(): check_length(str(f.value), name.lower(), f"BibTeX {entry.where()}")
            for name, f in bib.fields_dict.items()
            if name.lower() in READ_FIELDS
        }
        values = {
            name: _latex.latex_to_text(value).strip()
            for name, value in raw.items()
            if name != "author"
        }
        kind = kind_of(bib.entry_type, values)
        _, container_field, publisher_field, _ = BIBTEX_MAPPING[kind]
        if "title" not in values:
            raise ImportFormatError(f"BibTeX {entry.where()} has no title.")
        month = values.get("month", "").strip().lower()
        entry.fields = {
            "kind": kind,
            "title": values["title"],
            "container_title": values.get(container_field)
            or values.get("journal")
            or values.get("journaltitle", ""),
            "publisher": values.get(publisher_field)
            or values.get("publisher")
            or values.get("institution", ""),
            "year": parse_year(values.get("year"), bib.key, entry.line),
            "month": MONTHS.index(month[:3]) + 1 if month[:3] in MONTHS else small_int(month),
            "day": small_int(values.get("day", "")),
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
        if "author" in raw:
            entry.authors = [_bibtex_author(n) for n in _split_bibtex_names(raw["author"])]
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
        entry_type, container_field, publisher_field, fixed = BIBTEX_MAPPING[source.kind]
        values = {
            "title": source.title,
            "author": authors,
            **fixed,
            container_field: source.container_title,
            publisher_field: source.publisher,
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
            "helixnotice": source.notice_kind,
            "helixnoticedate": source.notice_date.isoformat() if source.notice_date else "",
            "helixnoticeurl": source.notice_url,
        }
        fields = [BibField(k, v) for k, v in values.items() if v]
        library.add(BibEntry(entry_type, f"source{source.pk}", fields))
    return bibtexparser.write_string(library)
