"""What every reader shares: the Entry record, the error, and small parsing helpers."""

import re
from dataclasses import dataclass, field
from datetime import date


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


def parse_year(value, entry_label: str, line: int) -> int:
    match = re.search(r"\d{4}", str(value or ""))
    if not match:
        raise ImportFormatError(f"Entry '{entry_label}' (line {line}) has no four-digit year.")
    return int(match.group(0))


def split_pages(pages: str) -> tuple[str, str]:
    start, _, end = pages.replace("–", "-").replace("--", "-").partition("-")
    return start.strip(), end.strip()


def person(name: str) -> tuple[str, str, bool]:
    """'Family, Given' is a person; a name without a comma is an organisation."""
    family, comma, given = name.partition(",")
    if not comma:
        return name.strip(), "", True
    return family.strip(), given.strip(), False


def iso_date(value: str, entry: Entry) -> date | None:
    value = (value or "").strip().replace("/", "-").strip("-")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ImportFormatError(
            f"{entry.where()}: {value!r} is not a date like 2025-03-14."
        ) from error
