"""Purge a caching proxy in front (Varnish with its xkey module) by the same keys.

Every kept response carries its keys in the ``xkey`` header (the proxy files
the page under each and strips the header before the reader sees it). When
keys change, each URL in ``HELIX_CACHE_PURGE_URLS`` gets a ``PURGE`` request
naming them in ``xkey-purge``, from a background task once the edit has
committed: the proxy drops exactly the pages that showed what changed, its
listings and ``?page=N`` variants included. A failed purge is retried; the
proxy's own expiry (docs/operations.md) bounds what a lost one costs.
"""

import logging
import urllib.request
from collections.abc import Iterable
from datetime import timedelta

from django_tasks import default_task_backend, task

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

HEADER = "xkey"
PURGE_HEADER = "xkey-purge"
RETRY_DELAYS = (timedelta(seconds=10), timedelta(minutes=1), timedelta(minutes=10))
#: Keys per request: Varnish limits a header's length (8 KiB by default).
BATCH = 200


def targets() -> list[str]:
    return list(getattr(settings, "HELIX_CACHE_PURGE_URLS", []) or [])


def enabled() -> bool:
    return bool(targets())


def purge(keys: Iterable[str]) -> None:
    """Queue a purge of ``keys`` at every proxy (call once the edit has committed)."""
    keys = sorted(set(keys))
    for url in targets():
        for start in range(0, len(keys), BATCH):
            purge_keys.enqueue(url, keys[start : start + BATCH])


def send(url: str, keys: list[str]) -> int:
    request = urllib.request.Request(url, method="PURGE", headers={PURGE_HEADER: " ".join(keys)})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


@task()
def purge_keys(url: str, keys: list[str], attempt: int = 1) -> int:
    """One ``PURGE`` to one proxy; retried later when it fails. Returns the HTTP status."""
    try:
        return send(url, keys)
    except OSError as error:
        if attempt > len(RETRY_DELAYS) or not default_task_backend.supports_defer:
            logger.error("Could not purge %s keys at %s: %s", len(keys), url, error)
            return 0
        run_after = timezone.now() + RETRY_DELAYS[attempt - 1]
        purge_keys.using(run_after=run_after).enqueue(url, keys, attempt + 1)
        return 0
