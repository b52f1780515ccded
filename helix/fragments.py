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

``rendered_parts`` keeps a page's own HTML, what every reader sees alike (its
body, references, metadata), rendered once per publication.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from .cache import (
    current_versions,
    depends_on,
    expired,
    fresh_keys,
    object_tag,
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


def rendered_parts(
    page, request, templates: dict[str, str], context: Callable[[], dict]
) -> dict[str, SafeString]:
    """Each of ``templates`` rendered for ``page``, cached until what they show changes.

    For the parts of a page that are the same for every reader: nothing in them
    may depend on the reader, the query string, the CSRF token or the CSP nonce
    (the comment section stays outside). ``context()`` gives what they show
    beyond the page; it is called only when they have to be rendered, so the
    rows it loads are recorded as their tags. Rows loaded with the page before
    (``select_related``: a section, a reviewer, an image) are tagged too, and the
    site settings (site name, citation style, base URL). Keyed by site: links
    are relative to the request's site. Previews render afresh (``for_page``).
    """

    def render() -> dict[str, str]:
        values = {"page": page, "self": page, "request": request, **context()}
        html = {name: render_to_string(path, values, request) for name, path in templates.items()}
        depends_on("site-settings", *loaded_with(page))
        return html

    site_id = getattr(getattr(request, "_wagtail_site", None), "pk", None)
    parts = for_page(page, request, f"parts:{site_id}", render)
    return {name: mark_safe(html) for name, html in parts.items()}


class RenderedPartsMixin:
    """A page whose reader-independent parts are rendered once per publication.

    Set ``shared_part_templates`` (name to template) and give what they show
    beyond the page in ``shared_part_context``; templates read the HTML from
    ``shared_parts``. See ``rendered_parts``.
    """

    shared_part_templates: dict[str, str] = {}

    def shared_part_context(self, request) -> dict:
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["shared_parts"] = rendered_parts(
            self,
            request,
            self.shared_part_templates,
            lambda: self.shared_part_context(request),
        )
        return context


def loaded_with(instance: Model, seen: set[int] | None = None) -> list[str]:
    """Tags of the rows ``select_related`` loaded with ``instance`` (and with those, in turn).

    They were loaded before any fragment began recording, so a fragment that
    shows them must name them itself.
    """
    from wagtail.models import Page

    seen = seen if seen is not None else {id(instance)}
    tags = []
    for related in instance._state.fields_cache.values():
        if not isinstance(related, Model) or related.pk is None or id(related) in seen:
            continue
        seen.add(id(related))
        tags.append(page_tag(related.pk) if isinstance(related, Page) else object_tag(related))
        tags += loaded_with(related, seen)
    return tags


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
