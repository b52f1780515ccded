"""Load Helix's demo content from demo/content/*.json (a second run changes nothing)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo.loader import CONTENT_DIR, DemoDataError, load


class Command(BaseCommand):
    help = "Create the demo content (home page, articles, therapies, sources, comments)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--content",
            type=Path,
            default=CONTENT_DIR,
            help="The folder of data files to load (default: demo/content/).",
        )

    def handle(self, *args, content: Path, **options):
        try:
            load(stdout=self.stdout, directory=content)
        except DemoDataError as error:
            raise CommandError(f"Demo content not loaded, nothing changed: {error}") from None
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
