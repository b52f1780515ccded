"""Import a BibTeX, RIS or CSL-JSON file into the library, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.formats import FORMATS, ImportFormatError, guess_format
from sources.importing import import_text


class Command(BaseCommand):
    help = "Import references from a BibTeX, RIS or CSL-JSON file (nothing is written on error)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to import.")
        parser.add_argument("--format", choices=list(FORMATS), help="Default: from the extension.")
        parser.add_argument("--dry-run", action="store_true", help="Show the plan, write nothing.")

    def handle(self, *args, path: str, format: str | None, dry_run: bool, **options):
        file = Path(path)
        fmt = format or guess_format(file.name)
        if not fmt:
            raise CommandError("Cannot tell the format from the file name: pass --format.")
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            plans, counts = import_text(text, fmt, dry_run=dry_run)
        except ImportFormatError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        for plan in plans:
            self.stdout.write(f"{plan.action:>6}  {plan.source.title} ({plan.source.year})")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}: {counts['create']} created, {counts['merge']} merged, "
                f"{counts['skip']} skipped as duplicates."
            )
        )
