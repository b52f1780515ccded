"""The Content Security Policy, with the one exception Helix needs: previews; and the
cap on what a request to the public site may carry.

Django's ``SecurityMiddleware`` covers HSTS, ``X-Content-Type-Options``,
``Referrer-Policy`` and ``Cross-Origin-Opener-Policy``; django-csp the
``Content-Security-Policy``; django-permissions-policy the ``Permissions-Policy``.
"""

from collections.abc import Callable

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse

#: What a preview may be framed by: the admin's own origin (Wagtail's preview panel).
PREVIEW_FRAMING = {"frame-ancestors": [SELF]}


class HelixCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, letting the admin's preview panel frame a preview.

    Wagtail renders a preview by running the page's ``serve_preview`` through
    the middleware on a dummy request for the page's public path (marked
    ``request.is_preview``), so the public policy, ``frame-ancestors 'none'``,
    reached the preview too and the side panel stayed blank. Previews may be
    framed by our own origin (Wagtail's preview view already answers
    ``X-Frame-Options: SAMEORIGIN``); public pages keep refusing every frame.
    Extends ``get_policy_parts``, the hook django-csp documents for this.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if getattr(request, "is_preview", False):
            parts.replace = {**(parts.replace or {}), **PREVIEW_FRAMING}
        return parts


def limit_request_body(max_bytes: int) -> Callable:
    """Mark a view as taking a request body of at most ``max_bytes`` (else a 413).

    ``RequestBodyLimitMiddleware`` enforces it before anything reads the body.
    """

    def mark(view: Callable) -> Callable:
        view.max_request_bytes = max_bytes
        return view

    return mark


class RequestBodyLimitMiddleware:
    """Refuse a request body larger than its view takes, before anything reads it: a 413.

    Django reads the form of every POST before the view runs (``CsrfViewMiddleware``
    looks for its token there) and writes uploaded files to disk whatever their size
    (``DATA_UPLOAD_MAX_MEMORY_SIZE`` leaves files out): a 60 MB file sent to the
    comment form was read, stored and ignored. Listed before ``CsrfViewMiddleware``,
    this compares ``Content-Length`` with what the view takes: its own size when it
    is marked with :func:`limit_request_body`, otherwise, outside the admin,
    ``HELIX_PUBLIC_REQUEST_MAX_BYTES`` (the public site's forms are small). The
    admin keeps Wagtail's upload caps. A body without ``Content-Length`` is not
    read by Django at all. The proxy in front caps bodies too (docs/operations.md).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "max_request_bytes", None)
        if limit is None:
            if request.path.startswith(reverse("wagtailadmin_home")):
                return None
            limit = settings.HELIX_PUBLIC_REQUEST_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing of a body whose length it cannot read
        if length <= limit:
            return None
        return HttpResponse(
            f"This request is too large: this address takes at most {limit:,} bytes.",
            status=413,
            content_type="text/plain; charset=utf-8",
        )
