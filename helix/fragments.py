"""Values many pages share (the main menu, a page's related listings), cached on tags.

``cached(key, compute, *tags)`` stores what ``compute()`` returns together with
the dependency tags recorded while it ran (the rows it loaded, the tables it
queried, as in ``helix/cache.py``) and any ``tags`` given. The value is reused
until an event bumps one of those tags, exactly as a cached page would be
dropped, and the tags are passed on to the page being rendered, so a cached
page that shows the fragment is invalidated with it. As for pages, a value
computed while another process bumped anything is returned but not stored.

``cached_many`` does the same for a batch (the cards of a listing): one cache
read for all, one ``build`` call for the misses.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from django.core.cache import cache

from .cache import (
    current_versions,
    depends_on,
    expired,
    fresh_keys,
    page_tag,
    recording,
    timeout_for,
    undisturbed,
    valid_until,
)

T = TypeVar("T")
PREFIX = "helix:fragment:"


def for_page(page, request, name: str, compute: Callable[[], T]) -> T:
    """A value ``page`` shows that is derived from other pages (related lists, a pager).

    Cached on what ``compute`` records plus the page's own tag: its links, tags
    and fields change only when it is published. Previews compute it afresh:
    their links exist only in memory.
    """
    if getattr(request, "is_preview", False) or page.pk is None:
        return compute()
    return cached(f"page:{page.pk}:{name}", compute, page_tag(page.pk))


def cached(key: str, compute: Callable[[], T], *tags: str) -> T:
    """``compute()``, or its cached value while none of its tags has been bumped."""
    return cached_many([key], lambda missing: [compute()], lambda index: tags)[0]


def cached_many(
    keys: Sequence[str],
    build: Callable[[list[int]], list[T]],
    tags: Callable[[int], Iterable[str]],
) -> list[T]:
    """The values for ``keys``; ``build(missing)`` makes those not cached, in that order.

    ``tags(index)`` names what the value at ``index`` shows beyond what
    ``build`` loads itself (rows loaded before, e.g. prefetched). Everything
    ``build`` records counts for every value it built.
    """
    full = [PREFIX + key for key in keys]
    entries = {key: entry for key, entry in cache.get_many(full).items() if not expired(entry)}
    fresh = fresh_keys({key: entry["versions"] for key, entry in entries.items()})
    values: dict[int, T] = {}
    missing = []
    for index, key in enumerate(full):
        if key in fresh:
            values[index] = entries[key]["value"]
            depends_on(*entries[key]["versions"])
        else:
            missing.append(index)
    if missing:
        recorded: set[str] = set()
        with recording(recorded) as render:
            built = build(missing)
        store = {}
        for index, value in zip(missing, built, strict=True):
            value_tags = recorded | set(tags(index))
            depends_on(*value_tags)
            values[index] = value
            versions = current_versions(value_tags)
            store[full[index]] = {
                "value": value,
                "versions": versions,
                "until": valid_until(versions),
            }
        if undisturbed(render):
            # One timeout for the batch: the soonest any of them goes stale by time.
            until = [entry["until"] for entry in store.values() if entry["until"]]
            cache.set_many(store, timeout_for(min(until) if until else None))
    return [values[index] for index in range(len(full))]
