"""Turning entries read from a file into library sources: preview, then one atomic write.

Each entry becomes one action: ``create`` a new source, ``merge`` into the source the
library already has (filling only its empty fields), or ``skip`` a duplicate that adds
nothing. Nothing is written unless every entry is valid.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from sources.formats import Entry, ImportFormatError, read
from sources.models import Source, SourceAuthor

MERGEABLE_FIELDS = [
    "container_title",
    "publisher",
    "month",
    "day",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "nct_number",
    "url",
    "accessed",
    "language",
    "notes",
    "notice_kind",
    "notice_date",
    "notice_url",
]


@dataclass
class PlannedImport:
    action: str  # "create", "merge" or "skip"
    entry: Entry
    source: Source
    existing: Source | None = None
    merged_fields: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """Why the entry is a work the library has (the admin form's words), or ""."""
        return self.source.duplicate_reason(self.existing)[1] if self.existing else ""


def _candidate(entry: Entry) -> Source:
    source = Source(**entry.fields)
    try:
        source.normalise()
        source.clean_fields(exclude=["title_key", "url_key"])
    except ValidationError as error:
        messages = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items()
        )
        raise ImportFormatError(f"{entry.where()}: {messages}") from error
    return source


#: Entries between two progress reports.
REPORT_EVERY = 25

Progress = Callable[[int, int], None]


def plan_import(entries: list[Entry], progress: Progress | None = None) -> list[PlannedImport]:
    """What importing ``entries`` would do; raises ImportFormatError, writes nothing.

    ``progress(done, total)`` is called as the entries are checked against the library.
    """
    plans: list[PlannedImport] = []
    seen: list[Source] = []
    for number, entry in enumerate(entries):
        if progress and number % REPORT_EVERY == 0:
            progress(number, len(entries))
        source = _candidate(entry)
        if any(_same_work(source, earlier) for earlier in seen):
            plans.append(PlannedImport("skip", entry, source))
            continue
        seen.append(source)
        existing = Source.objects.duplicates_of(source).first()
        if existing is None:
            plans.append(PlannedImport("create", entry, source))
            continue
        fillable = tuple(
            name
            for name in MERGEABLE_FIELDS
            if getattr(source, name) not in ("", None) and getattr(existing, name) in ("", None)
        )
        action = "merge" if fillable else "skip"
        plans.append(PlannedImport(action, entry, source, existing, fillable))
    return plans


def _same_work(one: Source, other: Source) -> bool:
    return bool(
        (one.doi and one.doi == other.doi)
        or (one.pmid and one.pmid == other.pmid)
        or (one.url_key and one.url_key == other.url_key)
        or (one.title_key == other.title_key and one.year == other.year)
    )


@transaction.atomic
def apply_import(plans: list[PlannedImport], progress: Progress | None = None) -> dict[str, int]:
    """Write the plans, all or nothing; each source written is saved once (which stores
    its references). ``progress(done, total)`` is called as they are written."""
    counts = {"create": 0, "merge": 0, "skip": 0}
    for number, plan in enumerate(plans):
        if progress and number % REPORT_EVERY == 0:
            progress(number, len(plans))
        counts[plan.action] += 1
        if plan.action == "create":
            source = plan.source
            # Authors and tags wait in memory (modelcluster) until the one save commits them.
            source.authors = [
                SourceAuthor(family=family, given=given, is_organisation=is_org, sort_order=order)
                for order, (family, given, is_org) in enumerate(plan.entry.authors)
            ]
            if plan.entry.tags:
                source.tags.set(plan.entry.tags)
            source.save()
        elif plan.action == "merge":
            existing = plan.existing
            for name in plan.merged_fields:
                setattr(existing, name, getattr(plan.source, name))
            existing.save()
    return counts


def import_text(text: str, fmt: str, dry_run: bool = False) -> tuple[list[PlannedImport], dict]:
    """Read, plan and (unless ``dry_run``) apply an import in one call."""
    plans = plan_import(read(text, fmt))
    if dry_run:
        counts = {"create": 0, "merge": 0, "skip": 0}
        for plan in plans:
            counts[plan.action] += 1
        return plans, counts
    return plans, apply_import(plans)
