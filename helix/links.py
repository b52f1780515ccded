"""Absolute URLs for feeds, e-mails and metadata.

``HELIX_BASE_URL`` wins when set (the public address behind any proxy);
otherwise the Wagtail site that serves the request, or the default site.
"""

from django.conf import settings
from django.http import HttpRequest, QueryDict

from wagtail.models import Site


def base_url(request: HttpRequest | None = None) -> str:
    if settings.HELIX_BASE_URL:
        return settings.HELIX_BASE_URL
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return request.build_absolute_uri("/").rstrip("/") if request is not None else ""
    return site.root_url


def absolute_url(path_or_url: str, request: HttpRequest | None = None) -> str:
    """Make a site-relative path absolute; leave absolute URLs alone."""
    if not path_or_url or "://" in path_or_url or path_or_url.startswith("//"):
        return path_or_url
    if not path_or_url.startswith("/"):
        path_or_url = "/" + path_or_url
    return base_url(request) + path_or_url


def query_with(params, keep, **changes) -> str:
    """A query string of ``params`` with only the parameters named in ``keep``, then ``changes``
    (``None`` removes one).

    Links that carry a listing's filters along (pages of results, "remove this filter")
    name the parameters they carry, so that a parameter the listing does not read
    (``?utm_source=``) is neither repeated in its links nor part of its cache key
    (caching/middleware.py: the page cache keys a page by the parameters it reads).
    """
    query = QueryDict(mutable=True)
    for name in keep:
        values = params.getlist(name)
        if values:
            query.setlist(name, values)
    for name, value in changes.items():
        query.pop(name, None)
        if value not in (None, ""):
            query[name] = value
    return query.urlencode()
