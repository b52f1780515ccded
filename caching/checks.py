"""A cache that evicts some keys but not others could revive a stale copy (``stamps.py``)."""

from django.conf import settings
from django.core import checks

#: Backends that evict on their own, and the option that makes them drop everything at once.
CULLING_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.db.DatabaseCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@checks.register(checks.Tags.caches)
def check_eviction(app_configs=None, **kwargs):
    config = settings.CACHES.get("default", {})
    if config.get("BACKEND") not in CULLING_BACKENDS:
        return []
    if config.get("OPTIONS", {}).get("CULL_FREQUENCY") == 0:
        return []
    return [
        checks.Warning(
            "The default cache drops a part of its keys when full: a page could outlive "
            "the record that it changed.",
            hint="Set OPTIONS['CULL_FREQUENCY'] = 0 (drop everything when full).",
            id="helix.W001",
        )
    ]
