"""When each key last changed: the one record every cached copy is checked against.

A copy (a page, a fragment) remembers when its render began and the keys it
showed. It is fresh while no key changed since, allowing a margin of seconds
for clocks that differ between servers (``HELIX_CACHE_CLOCK_MARGIN``). An edit
stamps its keys twice: at once, and when its transaction commits, so a render
that read the rows before the commit began before the stamp and is stale.

Stamps never expire. A missing stamp means "not changed since this cache was
empty": a cache that evicts must drop everything at once (``CULL_FREQUENCY``
0 for the local-memory and database caches; on Redis a ``volatile-*`` or
``noeviction`` policy, so only copies, which have a timeout, are evicted).
``checks.py`` warns about a configuration that breaks this.

Time changes some pages with no edit: an article dated in the future joins
listings at its date. ``changes_at(key, next_change)`` registers when what
``key`` names next changes by itself; a copy showing that key expires then.
"""

import time
from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

PREFIX = "helix:changed:"
#: Seconds a copy is kept with no edit at all: bounds memory, not correctness.
TIMEOUT = getattr(settings, "HELIX_PAGE_CACHE_SECONDS", 600)


def _stamp(keys: Iterable[str]) -> None:
    now = time.time()
    cache.set_many({PREFIX + key: now for key in keys}, None)


def changed(*keys: str) -> None:
    """Every copy showing one of ``keys`` is stale: now, again at commit, and in the proxy."""
    if not keys:
        return
    from . import purge

    _stamp(keys)
    # Outside a transaction on_commit runs at once: the second stamp is harmless.
    transaction.on_commit(lambda: _stamp(keys))
    if purge.enabled():
        transaction.on_commit(lambda: purge.purge(keys))


def fresh(keys: Iterable[str], rendered_at: float) -> bool:
    """Did none of ``keys`` change since ``rendered_at`` (give or take the clocks' margin)?"""
    return fresh_many([(keys, rendered_at)]) == [True]


def fresh_many(copies: list[tuple[Iterable[str], float]]) -> list[bool]:
    """``fresh`` for several copies (``(keys, rendered_at)``), in one cache read."""
    copies = [(list(keys), rendered_at) for keys, rendered_at in copies]
    names = {PREFIX + key for keys, _ in copies for key in keys}
    found = cache.get_many(list(names)) if names else {}
    # Seconds by which servers' clocks may differ (HELIX_CACHE_CLOCK_MARGIN).
    margin = getattr(settings, "HELIX_CACHE_CLOCK_MARGIN", 1.0)
    return [
        all(found.get(PREFIX + key, 0) + margin < rendered_at for key in keys)
        for keys, rendered_at in copies
    ]


_next_change: dict[str, Callable[[], datetime | None]] = {}


def changes_at(key: str, next_change: Callable[[], datetime | None]) -> None:
    """Register ``next_change()``: the next moment what ``key`` names changes by itself."""
    _next_change[key] = next_change


def valid_until(keys: Iterable[str]) -> float | None:
    """When a copy showing ``keys`` goes stale by time alone (a timestamp), if ever.

    Each registered key's next change is asked once per stamp of that key (an
    edit asks again) and remembered until it passes.
    """
    wanted = [key for key in keys if key in _next_change]
    if not wanted:
        return None
    stamps = cache.get_many([PREFIX + key for key in wanted])
    moments = []
    for key in wanted:
        memo = f"helix:next-change:{key}:{stamps.get(PREFIX + key, 0)}"
        moment = cache.get(memo)
        if moment is None:
            when = _next_change[key]()
            moment = when.timestamp() if when else 0  # 0: no such moment
            cache.set(memo, moment, timeout_for(moment or None))
        if moment:
            moments.append(moment)
    return min(moments) if moments else None


def expired(until: float | None) -> bool:
    return until is not None and time.time() >= until


def timeout_for(until: float | None) -> float:
    """A copy's timeout: ``TIMEOUT``, or less when time makes it stale sooner."""
    if until is None:
        return TIMEOUT
    return max(1, min(TIMEOUT, until - time.time()))
