"""Keeping what is derived from the library in step with it.

- The Citation index follows what is live: "Cited by" never sees drafts. Rows are
  rebuilt from the published page on publish and removed on unpublish; deleting a page
  or a source removes its rows through the foreign keys.
- A source's stored references (``Source.formatted_references``) follow its authors:
  ``Source.save`` formats the authors it commits; an author saved or deleted on its own
  (``SourceAuthor.objects.create``, a script) stores the source's references again.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from sources.citing import collect
from sources.models import Citation, CitingPageMixin, Source, SourceAuthor


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


@receiver(post_save, sender=SourceAuthor)
@receiver(post_delete, sender=SourceAuthor)
def on_author_changed(sender, instance, raw: bool = False, origin=None, **kwargs) -> None:
    deleted_with_source = isinstance(origin, Source) or getattr(origin, "model", None) is Source
    if raw or deleted_with_source or Source.is_being_saved(instance.source_id):
        return
    # The row as stored, not a copy the caller may have changed without saving.
    source = Source.objects.filter(pk=instance.source_id).first()
    if source is not None:
        source.authors_changed()
