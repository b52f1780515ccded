"""Reading and writing BibTeX, RIS and CSL-JSON.

Readers turn a file into :class:`Entry` records (plain field values, authors, tags) and
raise :class:`ImportFormatError` naming the entry and line of the first problem; they
never touch the database. Writers serialise sources so that reading the output back
gives the same sources (the export round trip).
"""

from sources.formats import bibtex, csl_json, ris
from sources.formats.base import Entry, ImportFormatError
from sources.models import Source

FORMATS = {"bibtex": "BibTeX (.bib)", "ris": "RIS (.ris)", "csl-json": "CSL-JSON (.json)"}
EXTENSIONS = {"bibtex": "bib", "ris": "ris", "csl-json": "json"}
CONTENT_TYPES = {
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csl-json": "application/vnd.citationstyles.csl+json",
}
MODULES = {"bibtex": bibtex, "ris": ris, "csl-json": csl_json}

__all__ = ["CONTENT_TYPES", "EXTENSIONS", "FORMATS", "Entry", "ImportFormatError", "read", "write"]


def guess_format(filename: str) -> str | None:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {"bib": "bibtex", "bibtex": "bibtex", "ris": "ris", "json": "csl-json"}.get(extension)


def read(text: str, fmt: str) -> list[Entry]:
    if fmt not in MODULES:
        raise ImportFormatError(f"Unknown format {fmt!r}: choose BibTeX, RIS or CSL-JSON.")
    entries = [entry.clean() for entry in MODULES[fmt].read(text)]
    if not entries:
        raise ImportFormatError("The file contains no references.")
    return entries


def write(sources: list[Source], fmt: str) -> str:
    return MODULES[fmt].write(sources)
