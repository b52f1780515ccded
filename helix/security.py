"""Response headers Django and django-csp do not set themselves.

Django's ``SecurityMiddleware`` covers HSTS, ``X-Content-Type-Options``,
``Referrer-Policy`` and ``Cross-Origin-Opener-Policy``; django-csp covers
``Content-Security-Policy``. ``Permissions-Policy`` is left: no well-kept
library sets only that header, and a dozen lines do.
"""

from collections.abc import Callable

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase

#: What a preview may be framed by: the admin's own origin (Wagtail's preview panel).
PREVIEW_FRAMING = {"frame-ancestors": [SELF]}


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` -> ``camera=(), fullscreen=(self)``."""
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in sorted(policy.items())
    )


class PermissionsPolicyMiddleware:
    """Deny browser features the site never uses (camera, microphone, geolocation...).

    A script injected despite the CSP still cannot reach them, and embedded
    third-party frames cannot ask the reader for them either.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy_header(settings.HELIX_PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


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
