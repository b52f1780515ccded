"""Per-request values in a page kept for many readers: emitted as placeholders, filled per hit.

A template asks for such a value through a tag: Django's ``{% csrf_token %}``
(whose value ``context_processors.csrf`` provides), ``{% csp_nonce %}``,
``{% placeholder "comment_token" page.pk %}``. When the
page cache is rendering the response, the tag writes a placeholder and notes
it on the request; the middleware keeps the page with its placeholders and
fills them for this reader and for every later one. Otherwise the tag writes
the value at once. Fillers use the frameworks' public APIs: Django's
``get_token`` (which also sees that the reader gets the CSRF cookie) and
django-csp's ``request.csp_nonce`` (which puts that nonce in the header).

A placeholder carries an HMAC of the site's secret key, so text a reader
typed can never be taken for one.
"""

from collections.abc import Callable
from functools import lru_cache

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac

Filler = Callable[[HttpRequest, str], str]
_fillers: dict[str, Filler] = {}


def register(name: str, fill: Filler) -> None:
    """``fill(request, argument)`` gives the value of placeholder ``name`` for a request."""
    _fillers[name] = fill


@lru_cache(maxsize=4096)
def marker(name: str, argument: str = "") -> str:
    digest = salted_hmac("helix.caching.placeholder", f"{name}:{argument}").hexdigest()[:24]
    return f"helix-placeholder-{name}-{argument}-{digest}"


def value(request: HttpRequest | None, name: str, argument: str = "") -> str:
    """What a template writes: a placeholder while the page cache renders, else the value."""
    used = getattr(request, "page_cache_placeholders", None)
    if used is None:
        return _fillers[name](request, argument)
    used.add((name, argument))
    return marker(name, argument)


def fill(request: HttpRequest, content: bytes, used) -> bytes:
    """``content`` with each placeholder in ``used`` replaced by this request's value."""
    for name, argument in used:
        content = content.replace(
            marker(name, argument).encode(), _fillers[name](request, argument).encode()
        )
    return content


register("csrf_token", lambda request, argument: get_token(request))
register("csp_nonce", lambda request, argument: str(getattr(request, "csp_nonce", "")))
