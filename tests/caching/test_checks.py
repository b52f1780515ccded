"""A cache that evicts a part of its keys could outlive the record that a page changed."""

from caching.checks import check_eviction


def test_a_cache_that_culls_a_part_is_warned_about(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [warning.id for warning in check_eviction()] == ["helix.W001"]


def test_one_that_drops_everything_at_once_or_redis_is_not(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "helix_cache",
            "OPTIONS": {"CULL_FREQUENCY": 0},
        }
    }
    assert check_eviction() == []
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "x"}}
    assert check_eviction() == []
