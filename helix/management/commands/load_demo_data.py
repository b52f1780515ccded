"""Load Helix's demo content: every app's loader, in order, each idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Create the demo content (home page, articles, therapies, sources, comments)."

    def handle(self, *args, **options):
        # One transaction: a loader that fails leaves the database as it was.
        with transaction.atomic():
            for dotted_path in settings.HELIX_DEMO_LOADERS:
                import_string(dotted_path)(stdout=self.stdout)
                self.stdout.write(f"Loaded {dotted_path.rsplit('.', 2)[0]} demo content.")
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
