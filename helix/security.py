"""The Content Security Policy, with the one exception Helix needs: previews.

Django's ``SecurityMiddleware`` covers HSTS, ``X-Content-Type-Options``,
``Referrer-Policy`` and ``Cross-Origin-Opener-Policy``; django-csp the
``Content-Security-Policy``; django-permissions-policy the ``Permissions-Policy``.
"""

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts

from django.http import HttpRequest, HttpResponseBase

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
