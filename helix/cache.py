"""Whole-page cache for anonymous readers, invalidated by dependency tags.

A GET from a reader with no cookies but ``csrftoken`` (no session: not an
editor, not someone who just commented) is answered from Django's cache when a
fresh copy exists. Everything else is rendered as usual.

Correctness rests on tags. While a cacheable response is rendered, it records

* ``obj:<model>:<pk>`` for every model instance loaded (``post_init``): the page
  itself, the pages it links (menus, breadcrumbs, related, cross-links), the
  sources it cites, the comments it shows;
* ``table:<db_table>`` for every table it queried: what a listing would show
  if a new row appeared (index, tag pages, feeds, "articles about this therapy");
* ``site-settings``: the header and footer every page shows.

Each tag has a version token in the cache. A cached response stores the tokens
it saw; serving it re-reads them and treats any change as a miss. Events bump
exactly the tags they affect (``helix/signals.py``): publishing or unpublishing
a page bumps the page and its model's table (its listings); editing a source, a
snippet or a therapy's rows bumps that object; approving a comment bumps its
page. A bumped token is a fresh random value, so a tag evicted from the cache
can never come back with an old token and revive a stale page.

Two races are closed:

* An edit committed *while* a page renders: the page read the old rows, but the
  versions it stores are read afterwards, so they would already be the new
  ones. Every bump also increments one global *generation* counter; a miss
  reads it before rendering and again after reading the versions, and stores
  nothing if it moved (the next request renders afresh). Bumps the render makes
  itself (e.g. a settings row created with its defaults on first use) are
  counted and allowed for: the render read what it wrote.
* The signals fire inside the publishing transaction: a render that read the
  old rows before the commit but after the bump would store old content under
  new versions. ``bump()`` therefore bumps again when the transaction commits
  (``transaction.on_commit``), which makes any such copy stale.

Time changes some pages with no event: an article dated in the future stays out
of listings until its date. A model registers, for its table's tag, when what
it shows next changes (``changes_at``); an entry that recorded that tag is
stored with that moment and is stale once it has passed.

A caching proxy in front is purged on the same bumps (``helix/proxy_purge.py``).

Per-request values are re-issued on every hit: the CSP nonce (header and body)
and the comment form's CSRF token, so a cached page never shares either.
"""

import hashlib
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_init
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils.cache import patch_cache_control

from . import proxy_purge

#: Seconds a page stays cached without any event; bounds memory, not correctness.
PAGE_TIMEOUT = getattr(settings, "HELIX_PAGE_CACHE_SECONDS", 600)
#: Paths never cached: the admin, posting and account views, the API.
SKIP_PREFIXES = ("/admin/", "/comments/", "/api/", "/documents/", "/django-admin/")
ALLOWED_COOKIES = {settings.CSRF_COOKIE_NAME}
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
CSP_HEADER = "Content-Security-Policy"

_TABLE = re.compile(r'(?:FROM|JOIN)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)
_NONCE = re.compile(r"'nonce-([^']+)'")
_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_PLACEHOLDER = b"__helix_csrf_token__"

_tags: ContextVar[set[str] | None] = ContextVar("helix_cache_tags", default=None)
#: The renders under way (a page, a fragment inside it): the generation each began
#: with and the bumps it made itself. Mutable holders, so that a bump made in a
#: copied context (``sync_to_async``) counts.
_render: ContextVar[tuple[dict, ...]] = ContextVar("helix_cache_render", default=())


def depends_on(*tags: str) -> None:
    """Record tags for the response being rendered (no-op outside a cacheable request)."""
    current = _tags.get()
    if current is not None:
        current.update(tags)


def object_tag(model_or_instance, pk=None) -> str:
    meta = model_or_instance._meta
    return f"obj:{meta.label_lower}:{pk if pk is not None else model_or_instance.pk}"


def page_tag(page_id: int) -> str:
    """Every page is tagged under wagtailcore.page, whatever its specific type."""
    return f"obj:wagtailcore.page:{page_id}"


def table_tag(model) -> str:
    return f"table:{model._meta.db_table}"


def children_tag(parent_path: str) -> str:
    """What lists a page's children (the main menu): bumped when one comes, goes or moves."""
    return f"children:{parent_path}"


def _version_key(tag: str) -> str:
    return f"helix:tag:{tag}"


#: A counter every bump increments (atomically: ``cache.incr``). A render that
#: finds it moved by more than its own bumps is not stored.
GENERATION_KEY = "helix:generation"


def bump(*tags: str) -> None:
    """Invalidate every cached response that recorded one of ``tags``.

    Now, and again when the current transaction commits: a page rendered from
    the rows as they were before the commit must not survive it.
    """
    if not tags:
        return
    _bump_now(tags)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump_now(tags))
    if proxy_purge.enabled():
        # After the commit: a proxy refetching sooner would get the old rows.
        transaction.on_commit(lambda: proxy_purge.purge(tags))


def _bump_now(tags) -> None:
    # The tags first, then the generation: a render that read the generation
    # before this bump finds it moved once it has read any of these versions.
    cache.set_many({_version_key(tag): uuid.uuid4().hex for tag in tags}, None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted: start again from a random value, never an old one
        cache.add(GENERATION_KEY, secrets.randbelow(2**62), None)
        cache.incr(GENERATION_KEY)
    for render in _render.get():
        render["own_bumps"] += 1  # the render's own write (e.g. a settings row): it read it


def _generation() -> int | None:
    """The current generation, created if the cache has none (evicted, new cache)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, secrets.randbelow(2**62), None)  # a concurrent bump wins
        value = cache.get(GENERATION_KEY)
    return value


@contextmanager
def recording(tags: set[str]) -> Iterator[dict]:
    """Record into ``tags`` the rows loaded and tables queried inside the block.

    Yields the render's state: pass it to ``undisturbed`` afterwards to know
    whether what was built may be stored.
    """
    render = {"generation": _generation(), "own_bumps": 0}
    tags_token, render_token = _tags.set(tags), _render.set((*_render.get(), render))
    try:
        with connection.execute_wrapper(_record_tables):
            yield render
    finally:
        _tags.reset(tags_token)
        _render.reset(render_token)


def undisturbed(render: dict) -> bool:
    """True if nothing but the render itself bumped since it began."""
    start, now = render["generation"], _generation()
    return start is not None and now == start + render["own_bumps"]


def current_versions(tags: set[str]) -> dict[str, str]:
    keys = {_version_key(tag): tag for tag in tags}
    found = cache.get_many(list(keys))
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    for key, token in missing.items():
        # add(): a concurrent bump wins over our first token.
        cache.add(key, token, None)
    if missing:
        found.update(cache.get_many(list(missing)))
    return {keys[key]: token for key, token in found.items()}


#: tag -> when what the tag's rows show next changes with time alone (``changes_at``).
_time_limits: dict[str, Callable[[], datetime | None]] = {}


def changes_at(tag: str, next_change: Callable[[], datetime | None]) -> None:
    """Register ``next_change()``: the next moment the rows behind ``tag`` show differently.

    E.g. the articles table: the earliest future publication date of a live
    article. Entries recording ``tag`` are stale from that moment.
    """
    _time_limits[tag] = next_change


def valid_until(versions: dict[str, str]) -> float | None:
    """The moment (a timestamp) an entry with these tag ``versions`` goes stale by time.

    Each registered tag's next change is computed once per version of that tag
    and kept until it passes; a bump (new version) asks again.
    """
    moments = []
    for tag in versions.keys() & _time_limits.keys():
        memo = f"helix:next-change:{tag}:{versions[tag]}"
        moment = cache.get(memo)
        if moment is None:
            token = _tags.set(None)  # asking is not part of what the entry shows
            try:
                changes = _time_limits[tag]()
            finally:
                _tags.reset(token)
            moment = changes.timestamp() if changes else 0  # 0: cached "no such moment"
            cache.set(memo, moment, timeout_for(moment or None))
        if moment:
            moments.append(moment)
    return min(moments) if moments else None


def expired(entry: dict) -> bool:
    until = entry.get("until")
    return until is not None and time.time() >= until


def timeout_for(until: float | None) -> float:
    """The cache timeout of an entry: PAGE_TIMEOUT, or less when time makes it stale sooner."""
    if until is None:
        return PAGE_TIMEOUT
    return max(1, min(PAGE_TIMEOUT, until - time.time()))


def checked_key(key: str) -> str:
    """Where the generation at which ``key`` was last found fresh is kept."""
    return f"{key}:checked"


def fresh_keys(entries: dict[str, dict[str, str]], found: dict | None = None) -> set[str]:
    """The keys whose stored versions (``{key: versions}``) still hold.

    When no bump at all happened since an entry was last found fresh (the
    generation is unchanged), nothing needs reading but the generation; else
    every tag is compared, and a success is remembered with the generation read
    *before* the comparison, so a bump during it forces the next full check.
    ``found`` may hold those keys already read (with the entries, in one trip).
    """
    checked = {key: checked_key(key) for key in entries}
    if found is None:
        found = cache.get_many([*checked.values(), GENERATION_KEY])
    generation = found.get(GENERATION_KEY)
    fresh, confirmed = set(), {}
    for key, versions in entries.items():
        if generation is not None and found.get(checked[key]) == generation:
            fresh.add(key)
        elif current_versions(set(versions)) == versions:
            fresh.add(key)
            if generation is not None:
                confirmed[checked[key]] = generation
    if confirmed:
        cache.set_many(confirmed, PAGE_TIMEOUT)
    return fresh


def _record_instance(sender, instance, **kwargs) -> None:
    current = _tags.get()
    if current is None:
        return
    pk = instance.pk
    if pk is None:
        return
    from wagtail.models import Page

    if isinstance(instance, Page):
        current.add(page_tag(pk))
    else:
        current.add(object_tag(instance, pk))


def _record_tables(execute, sql, params, many, context):
    current = _tags.get()
    if current is not None:
        current.update(f"table:{name}" for name in _TABLE.findall(sql))
    return execute(sql, params, many, context)


post_init.connect(_record_instance, weak=False, dispatch_uid="helix-cache-record")


_CSRF_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
#: The largest multiple of the alphabet's size that fits a byte: bytes above it
#: are dropped, so that every character is equally likely.
_CSRF_BYTE_LIMIT = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def _random_csrf_string(length: int = CSRF_SECRET_LENGTH) -> str:
    chars: list[str] = []
    while len(chars) < length:
        chars += [
            CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]
            for byte in secrets.token_bytes(length + 8)
            if byte < _CSRF_BYTE_LIMIT
        ]
    return "".join(chars[:length])


def fast_csrf_token(request: HttpRequest) -> str:
    """What ``django.middleware.csrf.get_token`` returns, for a cache hit's form.

    Same secret handling (``request.META['CSRF_COOKIE']``, flagged so that
    ``CsrfViewMiddleware`` sets or renews the cookie) and the same masked
    format, but random characters drawn from one ``secrets.token_bytes`` call
    rather than one ``secrets.choice`` call each: the 64 calls were a fifth of a
    cached article's cost. ``tests/caching/test_page_cache.py`` posts with it.
    """
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = _random_csrf_string()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_csrf_string()
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CSRF_INDEX[s] + _CSRF_INDEX[m]) % size]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


#: Pages this process served lately: (entry, the generation it was fresh at,
#: when to drop it). While no bump has happened anywhere (the generation is
#: unchanged), such a hit reads one small key instead of the page.
LOCAL_COPIES = 200
_local: dict[str, tuple[dict, int, float]] = {}
_local_lock = threading.Lock()


def local_copy(key: str) -> dict | None:
    """This process's copy of the entry at ``key``, if nothing was bumped since it was fresh."""
    copy = _local.get(key)
    if copy is None:
        return None
    entry, generation, deadline = copy
    fresh = time.monotonic() < deadline and not expired(entry)
    if fresh and cache.get(GENERATION_KEY) == generation:
        return entry
    with _local_lock:
        _local.pop(key, None)
    return None


def keep_local_copy(key: str, entry: dict, generation: int | None) -> None:
    """Keep ``entry``, found fresh at ``generation``, in this process (the oldest make way)."""
    if generation is None:
        return
    with _local_lock:
        _local.pop(key, None)
        while len(_local) >= LOCAL_COPIES:
            del _local[next(iter(_local))]
        _local[key] = (entry, generation, time.monotonic() + timeout_for(entry.get("until")))


def forget_local_copies() -> None:
    """Drop this process's copies (the cache was emptied: its generations mean nothing)."""
    with _local_lock:
        _local.clear()


def page_cache_key(request: HttpRequest) -> str:
    """Keyed by URL; hashed, since a URL may be long or hold characters a cache refuses."""
    url = f"{request.get_host()}{request.get_full_path()}"
    return f"helix:page:{hashlib.sha256(url.encode()).hexdigest()}"


def is_cacheable_request(request: HttpRequest) -> bool:
    """Anonymous GET/HEAD without a session or a conditional header, outside the admin."""
    if request.method not in ("GET", "HEAD"):
        return False
    if set(request.COOKIES) - ALLOWED_COOKIES:
        return False
    if any(header in request.META for header in CONDITIONAL_HEADERS):
        return False
    return not request.path.startswith(SKIP_PREFIXES)


def _is_cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    """Serve anonymous readers from the cache; see the module docstring.

    Sits right after ``CsrfViewMiddleware`` (so a hit still gets its CSRF cookie
    and, from ``SecurityMiddleware`` above it, the security headers); what the
    middleware below add (CSP, frame options, permissions policy) is stored
    with the page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(settings, "HELIX_PAGE_CACHE", True) or not is_cacheable_request(request):
            return self.get_response(request)
        key = page_cache_key(request)
        entry = local_copy(key)
        if entry is not None:
            return self._replay(request, entry)
        # One round trip: the page, when it was last found fresh, the generation.
        found = cache.get_many([key, checked_key(key), GENERATION_KEY])
        entry = found.get(key)
        if (
            entry is not None
            and not expired(entry)
            and key in fresh_keys({key: entry["versions"]}, found)
        ):
            keep_local_copy(key, entry, found.get(GENERATION_KEY))
            return self._replay(request, entry)
        return self._render_and_store(request, key)

    def _render_and_store(self, request: HttpRequest, key: str) -> HttpResponse:
        tags: set[str] = {"site-settings"}
        with recording(tags) as render:
            response = self.get_response(request)
        if _is_cacheable_response(response):
            entry = self._entry(response, current_versions(tags))
            # Anything another process bumped since the render began may be in these
            # versions but not in the body: then store nothing (module docstring).
            if undisturbed(render):
                cache.set(key, entry, timeout_for(entry["until"]))
                if proxy_purge.enabled():
                    proxy_purge.remember(request.build_absolute_uri(), tags)
            else:
                # Nor may a proxy in front keep it.
                patch_cache_control(response, private=True)
        response["X-Helix-Cache"] = "miss"
        return response

    @staticmethod
    def _entry(response: HttpResponse, versions: dict[str, str]) -> dict:
        body = _CSRF_INPUT.sub(
            b'name="csrfmiddlewaretoken" value="' + CSRF_PLACEHOLDER + b'"', response.content
        )
        headers = dict(response.items())
        nonce = _NONCE.search(headers.get(CSP_HEADER, ""))
        return {
            "status": response.status_code,
            "headers": headers,
            "body": body,
            "nonce": nonce.group(1) if nonce else None,
            "versions": versions,
            "until": valid_until(versions),
        }

    @staticmethod
    def _replay(request: HttpRequest, entry: dict) -> HttpResponse:
        body = entry["body"]
        headers = dict(entry["headers"])
        if entry["nonce"]:
            nonce = secrets.token_urlsafe(16)
            body = body.replace(entry["nonce"].encode(), nonce.encode())
            headers[CSP_HEADER] = headers[CSP_HEADER].replace(entry["nonce"], nonce)
            request.csp_nonce = nonce
        if CSRF_PLACEHOLDER in body:
            body = body.replace(CSRF_PLACEHOLDER, fast_csrf_token(request).encode())
        response = HttpResponse(body, status=entry["status"])
        for name, value in headers.items():
            if name.lower() != "content-length":
                response[name] = value
        response["Content-Length"] = str(len(body))
        response["X-Helix-Cache"] = "hit"
        return response
