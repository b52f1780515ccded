"""Which keys an edit changes: the events behind every cached copy.

* A page published, unpublished, moved or deleted: the page, everything below
  it (their breadcrumbs and URLs name it), the listings of its type and of all
  pages; a page right under a site's root is in the main menu, so the site frame.
* A row of a content app saved or deleted: the row, its model's listing (a
  listing shows its rows' fields), and what it belongs to by foreign key (a
  comment's page, a tag link's page and tag, an author link's author).
* Sites, view restrictions and site settings: the site frame, which every kept
  copy shows.

These run inside the saving transaction; ``stamps.changed`` stamps again on
commit, so a page rendered from the rows before the commit cannot outlive it.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .keys import SITE, label, listing_key, object_key, page_key, under_key
from .stamps import changed

#: App labels whose rows readers see.
CONTENT_APPS = {
    "helix",
    "articles",
    "therapies",
    "sources",
    "reader_comments",
    "tags",
    "taggit",
    "wagtailimages",
    "wagtaildocs",
    "wagtailsearchpromotions",
}
#: Rows made while rendering, or never shown to readers.
IGNORED_MODELS = {"wagtailimages.rendition"}
#: The depth of the pages right under a site's root (the main menu).
MENU_DEPTH = 3


def page_keys_changed(page: Page) -> list[str]:
    keys = [
        page_key(page),
        under_key(page.path),
        listing_key(Page),
        listing_key(type(page.specific_deferred)),
    ]
    if page.depth <= MENU_DEPTH:
        keys.append(SITE)
    return keys


@receiver(page_published, dispatch_uid="helix-caching-published")
def page_published_changed(sender, instance, **kwargs) -> None:
    # What the page links and cites is read from the reference index to declare
    # its keys (``pages.py``): bring it up to date now, not in a later task.
    ReferenceIndex.create_or_update_for_object(instance)
    changed(*page_keys_changed(instance))


@receiver(page_unpublished, dispatch_uid="helix-caching-unpublished")
def page_unpublished_changed(sender, instance, **kwargs) -> None:
    changed(*page_keys_changed(instance))


@receiver(post_page_move, dispatch_uid="helix-caching-moved")
def page_moved(sender, instance, parent_page_before=None, url_path_before="", **kwargs) -> None:
    keys = page_keys_changed(instance)
    if parent_page_before is not None:
        # Its old place: the old parent's listings and, at the top, the menu.
        keys += [page_key(parent_page_before), under_key(parent_page_before.path)]
        if parent_page_before.depth < MENU_DEPTH:
            keys.append(SITE)
    changed(*keys)


def is_content(model) -> bool:
    meta = model._meta
    return meta.app_label in CONTENT_APPS and label(model) not in IGNORED_MODELS


def target_key(model, pk) -> str | None:
    """The key of the row a foreign key points to, if readers see it."""
    if issubclass(model, Page):
        return page_key(pk)
    if issubclass(model, BaseSiteSetting):
        return SITE
    if is_content(model):
        return object_key(model, pk)
    return None


def row_keys(instance) -> list[str]:
    """The row, its listing, and the rows it belongs to."""
    if isinstance(instance, BaseSiteSetting | Site | PageViewRestriction):
        return [SITE]
    keys = [object_key(instance), listing_key(instance)]
    for field in instance._meta.concrete_fields:
        if field.many_to_one and field.related_model is not None:
            pk = getattr(instance, field.attname)
            key = target_key(field.related_model, pk) if pk is not None else None
            if key:
                keys.append(key)
    return keys


def watched(instance) -> bool:
    return isinstance(instance, BaseSiteSetting | Site | PageViewRestriction) or is_content(
        type(instance)
    )


@receiver(post_save, dispatch_uid="helix-caching-saved")
def row_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if isinstance(instance, Page):
        # Live pages saved directly (not through publishing): factories, scripts, moves.
        if instance.live:
            changed(*(page_keys_changed(instance) if created else [page_key(instance)]))
        return
    if isinstance(instance, BaseSiteSetting) and created:
        # Made with its defaults by the first page that reads it (``for_site``): what
        # readers see is unchanged, and that page may be kept.
        return
    if watched(instance):
        changed(*row_keys(instance))


@receiver(post_delete, dispatch_uid="helix-caching-deleted")
def row_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        changed(*page_keys_changed(instance))
    elif watched(instance):
        changed(*row_keys(instance))


@receiver(m2m_changed, dispatch_uid="helix-caching-m2m")
def relation_changed(sender, instance, action: str, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Page):
        changed(page_key(instance))
    elif watched(instance):
        changed(*row_keys(instance))
