"""Error pages that must render when the rest of the site cannot, and the site icon."""

import sys

from django.contrib.staticfiles import finders
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

# Seconds a client (or a proxy's retry logic) should wait before trying again
# while the database is away: PostgreSQL restarts in a few seconds.
RETRY_AFTER_SECONDS = 5

DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(error: BaseException | None) -> bool:
    """True for errors that mean "the database is unreachable right now", not a bug in a query."""
    return isinstance(error, DATABASE_OUTAGE_ERRORS)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """A clean 503 with ``Retry-After``: the database is restarting, readers should retry.

    The template gets no context processors: they would query the database
    that just failed.
    """
    html = render_to_string("503.html", {"csp_nonce": getattr(request, "csp_nonce", "")})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database outage becomes a 503, anything else the plain 500 page.

    Django calls this handler inside its ``except`` block for any uncaught
    exception, from a view, a template or a middleware, so ``sys.exc_info()``
    names the error and one handler covers every layer.
    """
    if is_database_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    html = render_to_string("500.html", {"csp_nonce": getattr(request, "csp_nonce", "")})
    return HttpResponseServerError(html)


FAVICON = "helix/icons/favicon.ico"
FAVICON_MAX_AGE = 60 * 60 * 24  # a day: browsers ask for it on every new visit


def favicon(request: HttpRequest) -> FileResponse:
    """``/favicon.ico``, where browsers and feed readers look without reading any page.

    Served from the static file itself (no redirect, no database): found by the
    staticfiles finders, so it works before and after ``collectstatic``.
    """
    path = finders.find(FAVICON)
    if not path:
        raise Http404("No site icon")
    # FileResponse closes the file once it is sent.
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
    response["Cache-Control"] = f"public, max-age={FAVICON_MAX_AGE}"
    return response
