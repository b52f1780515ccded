"""Find the site and the page for a URL in two queries, whatever the tree's depth.

Wagtail looks the ``Site`` up in the database on every request, then walks the
tree one level at a time: a query for the child with the next slug and one for
its ``.specific`` object, per level (six queries for an article at depth 4).
Here:

* **Sites** come from Django's cache (``site_for_request``, Wagtail's matching
  rules on a cached list), evicted whenever a ``Site`` is saved or deleted.
  ``SiteMiddleware`` stores the result where ``Site.find_for_request`` looks,
  so every later lookup in the request is free.
* **Pages**: ``route`` loads every page on the URL's path in one query (by
  slug, matched on ``url_path``), walks those rows the way ``Page.route``
  would, and loads only the page that answers, with its model's
  ``serving_queryset()`` when it has one (a page's ``select_related``). A
  routable page (``RoutablePageMixin``) answers when its sub-URLs match what
  is left of the path, as in Wagtail; a model with a ``route()`` of its own
  gets the rest of the path, as in Wagtail.

The pages above the one served are kept on it as ``routed_ancestors``
(breadcrumbs and "back to the index" links need no query). Whatever this
module does not cover (translations, a site rooted below depth 2, duplicate
paths) goes through Wagtail's own routing.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.urls import re_path

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from .cache import bump

SITES_KEY = "helix:sites"
#: The columns a route needs of every page on the path (breadcrumbs use title).
ROW_FIELDS = ("id", "content_type_id", "url_path", "title", "slug", "path", "depth", "live")
#: ``Page.route`` implementations this module reproduces; any other is called as is.
STANDARD_ROUTES = (Page.route, RoutablePageMixin.route)


class _UseWagtail(Exception):
    """Raised where Wagtail's own routing must decide."""


# Sites ----------------------------------------------------------------------


def cached_sites() -> list[Site]:
    sites = cache.get(SITES_KEY)
    if sites is None:
        sites = list(Site.objects.order_by("pk"))
        cache.set(SITES_KEY, sites, None)
    return sites


def site_for_request(request: HttpRequest) -> Site | None:
    """Wagtail's ``get_site_for_hostname`` rules, applied to the cached sites.

    Best first: hostname and port, hostname on the default site, the default
    site, another site with that hostname. The default site loses to a single
    site with the request's hostname.
    """
    hostname = split_domain_port(request._get_raw_host())[0]
    try:
        port = int(request.get_port())
    except (TypeError, ValueError):
        port = None

    def rank(site: Site) -> int:
        if site.hostname == hostname and site.port == port:
            return 0
        if site.hostname == hostname and site.is_default_site:
            return 1
        return 2 if site.is_default_site else 3

    candidates = sorted(
        (site for site in cached_sites() if site.hostname == hostname or site.is_default_site),
        key=rank,
    )
    if not candidates:
        return None
    if len(candidates) == 1 or rank(candidates[0]) < 2:
        return candidates[0]
    # The default site first: a single other site with this hostname wins over it.
    return candidates[len(candidates) == 2] if rank(candidates[0]) == 2 else candidates[0]


@receiver(post_save, sender=Site, dispatch_uid="helix-routing-site-saved")
@receiver(post_delete, sender=Site, dispatch_uid="helix-routing-site-deleted")
def forget_sites(sender, **kwargs) -> None:
    def forget():
        cache.delete(SITES_KEY)
        # Absolute links (canonical, feeds, sharing) name the site's hostname.
        bump("site-settings")

    # Now, and again at commit: a request between the two could cache the old list.
    forget()
    transaction.on_commit(forget)


class SiteMiddleware:
    """Find the request's site once, from the cache, where Wagtail looks for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request._wagtail_site = site_for_request(request)
        return self.get_response(request)


# Pages ----------------------------------------------------------------------


def _standard_route(model) -> bool:
    return model.route in STANDARD_ROUTES


def _routable_here(model, remaining: list[str]) -> bool:
    """Would this routable page's own sub-URLs answer what is left of the path?"""
    if not issubclass(model, RoutablePageMixin):
        return False
    try:
        model.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining))
    except Http404:
        return False
    return True


def _load(row: dict, model) -> Page:
    serving = getattr(model, "serving_queryset", None)
    queryset = serving() if serving else model._default_manager.all()
    return queryset.get(pk=row["id"])


def _path_rows(site: Site, root_path: str, components: list[str]) -> dict[str, dict]:
    """Every page on the URL's path, keyed by ``url_path``: one query."""
    url_paths = [
        root_path + "".join(f"{part}/" for part in components[:i])
        for i in range(1, len(components) + 1)
    ]
    rows = Page.objects.filter(
        Q(pk=site.root_page_id) | Q(slug__in=components, url_path__in=url_paths)
    ).values(*ROW_FIELDS)
    found: dict[str, dict] = {}
    for row in rows:
        if row["url_path"] in found:
            raise _UseWagtail  # two pages on one path: only Wagtail's walk can tell
        found[row["url_path"]] = row
    return found


def _route(request: HttpRequest, path: str):
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        raise _UseWagtail
    site = Site.find_for_request(request)
    if site is None:
        return None
    root_path = next(
        (root.root_path for root in Site.get_site_root_paths() if root.site_id == site.pk), None
    )
    if root_path is None:
        raise _UseWagtail
    components = [part for part in path.split("/") if part]
    rows = _path_rows(site, root_path, components)
    node = rows.get(root_path)
    if node is None or node["id"] != site.root_page_id or node["depth"] != 2:
        raise _UseWagtail
    ancestors: list[dict] = []
    for index in range(len(components) + 1):
        remaining = components[index:]
        model = _model_of(node)
        standard = _standard_route(model)
        if not remaining or not standard or (node["live"] and _routable_here(model, remaining)):
            page = _load(node, model)
            if standard:
                page.routed_ancestors = [Page(**row) for row in ancestors]
            try:
                return page.route(request, remaining)
            except Http404:
                return None
        ancestors.append(node)
        node = rows.get(node["url_path"] + remaining[0] + "/")
        if node is None:
            return None
    return None  # pragma: no cover  (the loop always returns)


def _model_of(row: dict):
    model = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
    if model is None:
        raise _UseWagtail  # a page type whose code is gone
    return model


def route_for_request(request: HttpRequest, path: str):
    """``Page.route_for_request`` in two queries; the result is cached on the request."""
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            request._wagtail_route_for_request = _route(request, path)
        except _UseWagtail:
            return Page.route_for_request(request, path)
    return request._wagtail_route_for_request


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's ``serve`` view (hooks, restrictions, ``serve()``) on this routing."""
    route_for_request(request, path)
    return wagtail_views.serve(request, path)


def page_urls() -> list:
    """Wagtail's front-end URLs, with its catch-all page view answered by ``serve``."""
    return [
        re_path(pattern.pattern.regex.pattern, serve, name="wagtail_serve")
        if getattr(pattern, "name", None) == "wagtail_serve"
        else pattern
        for pattern in wagtail_urls.urlpatterns
    ]
