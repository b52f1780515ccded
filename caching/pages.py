"""What a Wagtail page shows, as keys: declared for every page served (``wagtail_hooks.py``).

* the page itself, and each page above it (``under:``: their titles in the
  breadcrumbs, their slugs in its URL);
* everything it refers to, read from Wagtail's reference index (the sources it
  cites, the pages it links, its authors, section, tags, images, snippets):
  publishing brings the index up to date first (``signals.py``);
* the listings it draws from: a page model names them in ``cache_listings``
  (``"articles.articlepage"``), and anything else in a ``cache_keys()`` method.
"""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, ReferenceIndex

from .keys import listing_key, object_key, page_key, under_key


def referenced_keys(page: Page) -> list[str]:
    keys = []
    rows = ReferenceIndex.get_references_for_object(page).values_list(
        "to_content_type_id", "to_object_id"
    )
    for content_type_id, object_id in set(rows):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        keys.append(
            page_key(object_id) if issubclass(model, Page) else object_key(model, object_id)
        )
    return keys


def page_keys(page: Page) -> list[str]:
    """The keys of what ``page`` shows; worked out once per page object (one request)."""
    known = getattr(page, "shown_cache_keys", None)
    if known is None:
        known = page.shown_cache_keys = keys_of(page)
    return known


def keys_of(page: Page) -> list[str]:
    steplen = page.steplen
    keys = [page_key(page)]
    keys += [under_key(page.path[:end]) for end in range(steplen, len(page.path), steplen)]
    keys += referenced_keys(page)
    keys += [listing_key(name) for name in getattr(page, "cache_listings", ())]
    extra = getattr(page, "cache_keys", None)
    if callable(extra):
        keys += extra()
    return keys
