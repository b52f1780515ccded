"""What every reader shares: the Entry record, the error, the limits, small parsing helpers.

The limits bound the work one file can ask for, whoever sent it. Parsers descend one
call per level of nesting (3,000 levels of CSL-JSON were a ``RecursionError``), and
reading decodes every value it keeps (BibTeX's LaTeX through pylatexenc costs about
15 µs a character, and a 4 MB field took minutes). No real reference file comes near
them; a file past one is refused whole, with a message saying which and what to do.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from helix.text import strip_control_characters

#: References one import may hold: a larger library is imported in parts.
MAX_ENTRIES = 2_000
#: Brackets or braces inside one another: a CSL-JSON item needs 5, a BibTeX title a few.
MAX_NESTING = 16
#: Characters in one field's value (an abstract is rarely over 3,000).
MAX_FIELD_LENGTH = 10_000

_BRACKETS = re.compile(r"[\[\]{}]")


class ImportFormatError(ValueError):
    """A file that cannot be imported; the message names the entry and line."""


def check_entry_count(count: int) -> None:
    """Refuse a file with more than ``MAX_ENTRIES`` references, before reading them."""
    if count > MAX_ENTRIES:
        raise ImportFormatError(
            f"The file holds {count:,} references; one import takes at most {MAX_ENTRIES:,}. "
            "Split it into smaller files and import each one."
        )


def check_nesting(text: str) -> None:
    """Refuse brackets or braces nested deeper than ``MAX_NESTING``, before any parser.

    ``text`` is what the parser will descend into (CSL-JSON without its strings);
    stray closing brackets do not count against later ones.
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, match.start()) + 1
                raise ImportFormatError(
                    f"Line {line} nests brackets or braces more than {MAX_NESTING} deep; "
                    "no reference needs that many. Check the file: it may be damaged."
                )
        else:
            depth = max(depth - 1, 0)


def check_length(value: str, name: str, where: str) -> str:
    """``value``, unless it is longer than ``MAX_FIELD_LENGTH`` (checked before decoding)."""
    if len(value) > MAX_FIELD_LENGTH:
        raise ImportFormatError(
            f"{where}: its {name} field is {len(value):,} characters long; a field holds at "
            f"most {MAX_FIELD_LENGTH:,}."
        )
    return value


def small_int(value: str) -> int | None:
    """A day or month written in ASCII digits ("03"), else None ("", "x", "²", 5,000 digits)."""
    value = value.strip()
    return int(value) if re.fullmatch(r"[0-9]{1,4}", value) else None


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

    def clean(self) -> "Entry":
        """The entry without control characters in any text, as the library stores text.

        Before the entry is compared with the library: PostgreSQL refuses a NUL in a query.
        """
        self.fields = {
            name: strip_control_characters(value) if isinstance(value, str) else value
            for name, value in self.fields.items()
        }
        self.authors = [
            (strip_control_characters(family), strip_control_characters(given), is_organisation)
            for family, given, is_organisation in self.authors
        ]
        self.tags = [name for name in map(strip_control_characters, self.tags) if name.strip()]
        return self


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
