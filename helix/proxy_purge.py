"""Purge a caching proxy or CDN in front on the same events as Helix's page cache.

Wagtail's ``frontend_cache`` purges a page's own URL when it is published or
unpublished. A proxy also holds the pages that *show* it (listings and their
``?page=N`` variants, tag pages, feeds, cross-linked pages) and pages showing a
source, a therapy or a comment, which change with no page being published.
Helix knows them all: every anonymous render records its dependency tags
(``helix/cache.py``). With the frontend cache configured, the URL of each such
render is kept under each of its tags; a bump purges the URLs kept under the
bumped tags once the transaction commits (through Wagtail's purge task), and
forgets them: the proxy's next request renders the page, which records it again.

With Redis the URL lists are Redis sets, written atomically. With another cache
they are read and written whole, so two renders at the same instant may drop a
URL, which the proxy then keeps until its own expiry: use Redis with a proxy.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

KEY = "helix:proxy-urls:{}"
#: A URL stays on record this long without a new render. The proxy must not keep
#: a page longer (``proxy_cache_valid`` in docs/performance.md is 10 minutes).
RECORD_SECONDS = 24 * 3600


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _redis():
    """The raw Redis client when the cache is django-redis, else None."""
    try:
        from django_redis import get_redis_connection

        return get_redis_connection("default")
    except (ImportError, NotImplementedError):
        return None


def remember(url: str, tags: Iterable[str]) -> None:
    """Record that the proxy may now hold ``url``, which shows what ``tags`` name."""
    names = [KEY.format(tag) for tag in tags]
    redis = _redis()
    if redis is not None:
        with redis.pipeline(transaction=False) as pipe:
            for name in names:
                key = cache.make_key(name)
                pipe.sadd(key, url)
                pipe.expire(key, RECORD_SECONDS)
            pipe.execute()
        return
    found = cache.get_many(names)
    changed = {
        name: found.get(name, frozenset()) | {url}
        for name in names
        if url not in found.get(name, ())
    }
    if changed:
        cache.set_many(changed, RECORD_SECONDS)


def urls_showing(tags: Iterable[str]) -> set[str]:
    """The URLs recorded under ``tags``, forgotten as they are returned."""
    names = [KEY.format(tag) for tag in tags]
    if not names:
        return set()
    redis = _redis()
    if redis is not None:
        keys = [cache.make_key(name) for name in names]
        with redis.pipeline(transaction=True) as pipe:
            pipe.sunion(keys)
            pipe.delete(*keys)
            members, _ = pipe.execute()
        return {member.decode() if isinstance(member, bytes) else member for member in members}
    found = cache.get_many(names)
    cache.delete_many(list(found))
    return set().union(*found.values())


def purge(tags: Iterable[str]) -> None:
    """Ask the proxy to drop every page recorded as showing one of ``tags``."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = urls_showing(tags)
    if urls:
        purge_urls_from_cache(sorted(urls))
