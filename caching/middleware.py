"""The page cache: anonymous readers get a kept copy while nothing it shows has changed.

A GET or HEAD from a reader with no cookie but ``csrftoken`` (no session: not
an editor, not someone who just commented), outside the admin and the posting
views, is answered from Django's cache when a fresh copy exists. On a miss the
response is rendered as usual; it is kept if it is a plain 200 that declared
what it shows (``declared.show``; a response that declared nothing is never
kept) beyond the site frame every page shows.

The copy is keyed by host, path and only the query parameters the view read:
``request.GET`` records what it is asked for, and the parameters a path's view
reads are remembered, so ``?utm_source=…`` does not make a new copy.

The middleware sits right below those that shape every response (security
headers, CSRF, frame options, CSP, the permissions policy): they run for a hit
as for any request, and the placeholders a copy holds are filled through the
public APIs they read (``placeholders.py``). Sessions, authentication and
messages run below it, only when a page is rendered; a cookie they set keeps
the response from being kept.
"""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control

from . import placeholders, purge, stamps
from .declared import collecting
from .keys import SITE

#: Paths never cached: the admin, posting and account views, the API.
SKIP_PREFIXES = ("/admin/", "/comments/", "/api/", "/documents/", "/django-admin/")
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
ALL_PARAMETERS = "*"
PREFIX = "helix:page:"


class ReadRecordingQueryDict(QueryDict):
    """``request.GET`` that notes which parameters the view asked for (``*``: all of them)."""

    def __init__(self, query_string=None, reads: set[str] | None = None, **kwargs):
        self.reads: set[str] = set()  # building the dict reads it: not the view
        super().__init__(query_string, **kwargs)
        self.reads = reads if reads is not None else set()

    def __getitem__(self, key):
        self.reads.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.reads.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.reads.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.reads.add(key)
        return super().getlist(key, default)

    def _everything(name):
        def method(self, *args, **kwargs):
            self.reads.add(ALL_PARAMETERS)
            return getattr(super(), name)(*args, **kwargs)

        method.__name__ = name
        return method

    items = _everything("items")
    keys = _everything("keys")
    values = _everything("values")
    lists = _everything("lists")
    dict = _everything("dict")
    copy = _everything("copy")
    urlencode = _everything("urlencode")
    __iter__ = _everything("__iter__")
    # ``bool(request.GET)`` (``Form(request.GET or None)``) is not a read of any value.
    del _everything


def is_cacheable_request(request: HttpRequest) -> bool:
    """Anonymous GET/HEAD without a session or a conditional header, outside the admin."""
    if request.method not in ("GET", "HEAD"):
        return False
    if set(request.COOKIES) - {settings.CSRF_COOKIE_NAME}:
        return False
    if any(header in request.META for header in CONDITIONAL_HEADERS):
        return False
    return not request.path.startswith(SKIP_PREFIXES)


def is_cacheable_response(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _hashed(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def parameters_key(request: HttpRequest) -> str:
    return f"helix:page-parameters:{_hashed(request.get_host() + request.path)}"


def copy_key(request: HttpRequest, parameters) -> str:
    """Host, path and the parameters the path's view reads, in a fixed order."""
    if ALL_PARAMETERS in parameters:
        wanted = sorted(request.GET.lists())
    else:
        wanted = sorted((name, request.GET.getlist(name)) for name in parameters)
    query = "&".join(f"{name}={value}" for name, values in wanted for value in values)
    return PREFIX + _hashed(f"{request.get_host()}{request.path}?{query}")


class PageCacheMiddleware:
    """Serve anonymous readers from the cache; see the module docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(settings, "HELIX_PAGE_CACHE", True) or not is_cacheable_request(request):
            return self.get_response(request)
        # A path whose view reads no parameter has no entry: one round trip fewer.
        parameters = set(cache.get(parameters_key(request), ())) if request.GET else set()
        key = copy_key(request, parameters)
        copy = cache.get(key)
        if (
            copy is not None
            and not stamps.expired(copy["until"])
            and stamps.fresh(copy["keys"], copy["rendered_at"])
        ):
            return self.replay(request, copy)
        return self.render(request, parameters)

    def render(self, request: HttpRequest, parameters: set[str]) -> HttpResponse:
        rendered_at = time.time()  # before any row is read
        reads: set[str] = set()
        request.GET = ReadRecordingQueryDict(request.META.get("QUERY_STRING", ""), reads)
        request.page_cache_placeholders = set()
        with collecting() as keys:
            response = self.get_response(request)
        used = request.page_cache_placeholders
        # From here on (error pages, later middleware) values are written as they are.
        request.page_cache_placeholders = None
        if keys:
            keys.add(SITE)
        if keys and is_cacheable_response(response) and not stamps.fresh(keys, rendered_at):
            # What it shows changed while it rendered: keep nothing, nor may a proxy.
            patch_cache_control(response, private=True)
        elif keys and is_cacheable_response(response):
            if not reads <= parameters:
                parameters |= reads
                cache.set(parameters_key(request), sorted(parameters), None)
            copy = {
                "status": response.status_code,
                "headers": dict(response.items()),
                "body": response.content,
                "placeholders": sorted(used),
                "keys": sorted(keys),
                "rendered_at": rendered_at,
                "until": stamps.valid_until(keys),
            }
            cache.set(copy_key(request, parameters), copy, stamps.timeout_for(copy["until"]))
            if purge.enabled():
                response[purge.HEADER] = " ".join(copy["keys"])
        if used and not response.streaming:
            self.set_content(response, placeholders.fill(request, response.content, used))
        response["X-Helix-Cache"] = "miss"
        return response

    @classmethod
    def replay(cls, request: HttpRequest, copy: dict) -> HttpResponse:
        response = HttpResponse(status=copy["status"])
        for name, value in copy["headers"].items():
            response[name] = value
        cls.set_content(response, placeholders.fill(request, copy["body"], copy["placeholders"]))
        if purge.enabled():
            response[purge.HEADER] = " ".join(copy["keys"])
        response["X-Helix-Cache"] = "hit"
        return response

    @staticmethod
    def set_content(response: HttpResponse, content: bytes) -> None:
        response.content = content
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(content))
