"""Export the whole library as BibTeX, RIS or CSL-JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand

from sources.formats import FORMATS, write
from sources.models import Source


class Command(BaseCommand):
    help = "Export the library as BibTeX, RIS or CSL-JSON (to a file or standard output)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=list(FORMATS), default="bibtex")
        parser.add_argument("--output", "-o", help="A file to write; standard output if omitted.")

    def handle(self, *args, format: str, output: str | None, **options):
        sources = list(Source.objects.prefetch_related("authors", "tags").order_by("pk"))
        text = write(sources, format)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Exported {len(sources)} sources to {output}."))
        else:
            self.stdout.write(text)
