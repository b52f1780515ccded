"""Site settings read from Django's cache instead of the database.

Every page reads three settings rows (site identity, citation style, comment
rules). They change only when an editor saves them in the admin, so each is
kept in the cache per site and dropped when saved or deleted. Put
``CachedSiteSetting`` before ``BaseSiteSetting`` in a setting's bases.
"""

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Site

#: Settings rarely change and are evicted on save; the timeout only bounds memory.
TIMEOUT = 60 * 60 * 24


class CachedSiteSetting:
    """``for_site``/``for_request`` served from the cache, evicted when the row changes."""

    @classmethod
    def settings_cache_key(cls, site_id: int) -> str:
        return f"helix:site-setting:{cls._meta.label_lower}:{site_id}"

    @classmethod
    def for_site(cls, site: Site | None):
        if site is None:
            raise cls.DoesNotExist(f"{cls} does not exist for site None.")
        return cls.for_site_id(site.pk)

    @classmethod
    def for_site_id(cls, site_id: int):
        """The setting for a site id (no Site lookup needed, e.g. from ``get_url_parts``)."""
        key = cls.settings_cache_key(site_id)
        instance = cache.get(key)
        if instance is None:
            instance, created = cls.base_queryset().get_or_create(site_id=site_id)
            if created:
                # A new row has none of base_queryset()'s prefetches: load it as readers will.
                instance = cls.base_queryset().get(pk=instance.pk)
            cache.set(key, instance, TIMEOUT)
        return instance

    @classmethod
    def evict(cls, site_id: int) -> None:
        """Forget the cached row now and again after commit (children save after the parent)."""
        key = cls.settings_cache_key(site_id)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))


def _evict_setting(sender, instance, **kwargs) -> None:
    if isinstance(instance, CachedSiteSetting) and instance.site_id:
        type(instance).evict(instance.site_id)


def connect_child(model: type[models.Model], parent_field: str) -> None:
    """Evict the parent setting when a child row (e.g. a footer link) changes."""

    def evict_parent(sender, instance, **kwargs) -> None:
        parent = getattr(instance, parent_field, None)
        if parent is not None and parent.site_id:
            type(parent).evict(parent.site_id)

    post_save.connect(evict_parent, sender=model, weak=False)
    post_delete.connect(evict_parent, sender=model, weak=False)


post_save.connect(_evict_setting, weak=False)
post_delete.connect(_evict_setting, weak=False)
