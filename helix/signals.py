"""Which cached pages an edit makes stale: the events behind ``helix/cache.py``.

Publishing, unpublishing, moving or deleting a page bumps the page (every
response that showed or linked it) and its model's table (every listing of
that type: index, tag pages, feeds, cross-links). Saving content rows bumps the
object, a new or deleted row its table, and a row that belongs to a page (a
comment) that page. Site settings are on every page.

These handlers run inside the saving transaction: ``bump()`` bumps at once and
again on commit, so a page rendered from the rows before the commit cannot
outlive it.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import bump, children_tag, object_tag, page_tag, table_tag

#: Apps (by package name) whose rows appear on public pages.
CONTENT_APPS = {
    "helix",
    "articles",
    "therapies",
    "sources",
    "comments",
    "taggit",
    "wagtail.images",
    "wagtail.documents",  # a replaced file changes the document's link
}
#: Rows made while rendering, or never shown to readers.
IGNORED_MODELS = {"wagtailimages.rendition"}


def _page_changed(page: Page, listings: bool) -> None:
    tags = [page_tag(page.pk)]
    if listings:
        tags.append(table_tag(type(page.specific_deferred)))
        tags.append(children_tag(page.path[: -page.steplen]))
    bump(*tags)


@receiver(page_published, dispatch_uid="helix-cache-published")
@receiver(page_unpublished, dispatch_uid="helix-cache-unpublished")
@receiver(post_page_move, dispatch_uid="helix-cache-moved")
def page_visibility_changed(sender, instance, parent_page_before=None, **kwargs) -> None:
    _page_changed(instance, listings=True)
    if parent_page_before is not None:
        bump(children_tag(parent_page_before.path))


def _is_content(instance) -> bool:
    meta = instance._meta
    app = getattr(meta.app_config, "name", None)  # None for migrations' historical models
    return app in CONTENT_APPS and meta.label_lower not in IGNORED_MODELS


@receiver(post_save, dispatch_uid="helix-cache-saved")
def row_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if isinstance(instance, Page):
        # Live pages saved directly (not through publish): factories, scripts.
        if instance.live:
            _page_changed(instance, listings=created)
        return
    if not _is_content(instance):
        return
    tags = [object_tag(instance)]
    if created:
        tags.append(table_tag(type(instance)))
    tags += _owner_tags(instance)
    bump(*tags)


@receiver(post_delete, dispatch_uid="helix-cache-deleted")
def row_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        _page_changed(instance, listings=True)
    elif _is_content(instance):
        # Its table too: counts and listings of that model lose a row (a tag removed
        # from a source changes the tag's totals).
        bump(object_tag(instance), table_tag(type(instance)), *_owner_tags(instance))


def _owner_tags(instance) -> list[str]:
    """The page a row belongs to (a comment, an approval), or every page (site settings)."""
    from .models import SocialLink

    tags = []
    page_id = getattr(instance, "page_id", None)
    if isinstance(page_id, int):
        tags.append(page_tag(page_id))
    if isinstance(instance, BaseSiteSetting | SocialLink):
        tags.append("site-settings")
    return tags
