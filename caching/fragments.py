"""Parts many responses share (a menu, an article's card, a page's rendered body), kept on keys.

``cached(name, compute, keys)`` keeps what ``compute()`` returns until one of
``keys``, or a key declared while it ran (``declared.show``), changes: the same
record as the page cache (``stamps.py``). The keys are passed on to the
response being rendered, so a kept page that shows the part is stale with it.
``cached_many`` does the same for a batch (the cards of a listing): one cache
read for all, one ``build`` call for the missing ones.
"""

import time
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from django.core.cache import cache

from . import stamps
from .declared import collecting, show

T = TypeVar("T")
PREFIX = "helix:fragment:"


def cached(name: str, compute: Callable[[], T], keys: Iterable[str] = ()) -> T:
    """``compute()``, or what it gave while none of its keys has changed."""
    keys = tuple(keys)
    return cached_many([name], lambda missing: [compute()], lambda index: keys)[0]


def cached_many(
    names: Sequence[str],
    build: Callable[[list[int]], list[T]],
    keys: Callable[[int], Iterable[str]],
) -> list[T]:
    """The values for ``names``; ``build(missing)`` makes those not kept, in that order.

    ``keys(index)`` names what the value at ``index`` shows; keys declared while
    ``build`` runs count for every value it built.
    """
    full = [PREFIX + name for name in names]
    found = {
        name: entry
        for name, entry in cache.get_many(full).items()
        if not stamps.expired(entry["until"])
    }
    checked = stamps.fresh_many([(entry["keys"], entry["rendered_at"]) for entry in found.values()])
    fresh = {name for name, ok in zip(found, checked, strict=True) if ok}
    values: dict[int, T] = {}
    missing = []
    for index, name in enumerate(full):
        if name in fresh:
            entry = found[name]
            values[index] = entry["value"]
            show(*entry["keys"])
        else:
            missing.append(index)
    if missing:
        rendered_at = time.time()
        with collecting() as declared:
            built = build(missing)
        store = {}
        for index, value in zip(missing, built, strict=True):
            value_keys = sorted(declared | set(keys(index)))
            show(*value_keys)
            values[index] = value
            until = stamps.valid_until(value_keys)
            store[full[index]] = {
                "value": value,
                "keys": value_keys,
                "rendered_at": rendered_at,
                "until": until,
            }
        soonest = [entry["until"] for entry in store.values() if entry["until"]]
        cache.set_many(store, stamps.timeout_for(min(soonest) if soonest else None))
    return [values[index] for index in range(len(full))]


def for_page(page, request, name: str, compute: Callable[[], T], keys: Iterable[str] = ()) -> T:
    """A part of ``page`` kept on the page's keys (``pages.py``), the site frame and ``keys``.

    Previews compute it afresh: what they show exists only in memory.
    """
    from .keys import SITE
    from .pages import page_keys

    if getattr(request, "is_preview", False) or page.pk is None:
        return compute()
    return cached(f"page:{page.pk}:{name}", compute, [*page_keys(page), SITE, *keys])


class RenderedPartsMixin:
    """A page whose reader-independent parts are rendered once, until what they show changes.

    Set ``shared_part_templates`` (name to template) and give what they show
    beyond the page in ``shared_part_context``; templates read the HTML from
    ``shared_parts``. Nothing in the parts may depend on the reader or the query
    string (the comment section stays outside). Keyed by site: links are
    relative to the request's site.
    """

    shared_part_templates: dict[str, str] = {}

    def shared_part_context(self, request) -> dict:
        return {}

    def get_context(self, request, *args, **kwargs):
        from django.template.loader import render_to_string
        from django.utils.safestring import mark_safe

        from wagtail.models import Site

        context = super().get_context(request, *args, **kwargs)

        def render() -> dict[str, str]:
            values = {"page": self, "self": self, "request": request}
            values.update(self.shared_part_context(request))
            return {
                name: render_to_string(path, values, request)
                for name, path in self.shared_part_templates.items()
            }

        site = Site.find_for_request(request)
        parts = for_page(self, request, f"parts:{site.pk if site else ''}", render)
        context["shared_parts"] = {name: mark_safe(html) for name, html in parts.items()}
        return context
