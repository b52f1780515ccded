"""Keeping the Citation index in step with what is live: "Cited by" never sees drafts.

Rows are rebuilt from the published page on publish and removed on unpublish; deleting
a page or a source removes its rows through the foreign keys.
"""

from django.db import transaction
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from sources.citing import collect
from sources.models import Citation, CitingPageMixin, Source


def index_citations(page: Page) -> None:
    """Replace the page's Citation rows with the sources its live content cites."""
    numbers = collect(page).numbers if isinstance(page, CitingPageMixin) else {}
    existing = set(Source.objects.filter(pk__in=numbers).values_list("pk", flat=True))
    with transaction.atomic():
        Citation.objects.filter(page_id=page.pk).delete()
        Citation.objects.bulk_create(
            Citation(page_id=page.pk, source_id=pk, number=number)
            for pk, number in numbers.items()
            if pk in existing
        )


@receiver(page_published)
def on_page_published(sender, instance, **kwargs) -> None:
    index_citations(instance.specific)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs) -> None:
    Citation.objects.filter(page_id=instance.pk).delete()
