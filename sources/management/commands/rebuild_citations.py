"""Rebuild the Citation index ("Cited by", "Used in") from every live page."""

from django.core.management.base import BaseCommand

from wagtail.models import Page

from sources.models import Citation, CitingPageMixin
from sources.signals import index_citations


class Command(BaseCommand):
    help = "Rebuild the index of which live pages cite which sources (e.g. after an import)."

    def handle(self, *args, **options):
        Citation.objects.all().delete()
        pages = 0
        for page in Page.objects.live().specific().iterator():
            if isinstance(page, CitingPageMixin):
                index_citations(page)
                pages += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {Citation.objects.count()} citations from {pages} live pages."
            )
        )
