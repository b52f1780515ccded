"""Per-request memo of page view restrictions.

Wagtail's ``PageQuerySet.public()`` loads every ``PageViewRestriction`` each time
it is called, and ``Page.get_view_restrictions()`` runs two queries for every page
served. A page that shows a menu, a pager and a few related listings pays that
six or more times. ``RequestMemoMiddleware`` lets a read-only request (GET/HEAD)
load the restrictions once; writes and code outside a request keep Wagtail's
behaviour exactly. Restrictions change only through the admin (a POST), so a
memo that lives for one GET cannot go stale.
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

_memo: ContextVar[dict | None] = ContextVar("helix_request_memo", default=None)


def view_restrictions() -> list[PageViewRestriction] | None:
    """Every view restriction (with its page), loaded once per GET; None outside one."""
    memo = _memo.get()
    if memo is None:
        return None
    if "restrictions" not in memo:
        memo["restrictions"] = list(PageViewRestriction.objects.select_related("page"))
    return memo["restrictions"]


def _private_q(self: PageQuerySet) -> Q:
    """``PageQuerySet.private_q`` that reuses the request's restrictions."""
    restrictions = view_restrictions()
    if restrictions is None:
        return _original_private_q(self)
    q = Q()
    for restriction in restrictions:
        q |= self.descendant_of_q(restriction.page, inclusive=True)
    return q if q else Q(pk__in=[])


def _get_view_restrictions(self: Page):
    """No query at all when the site has no restricted section (the usual case)."""
    restrictions = view_restrictions()
    if restrictions is not None and not restrictions:
        return PageViewRestriction.objects.none()
    return _original_get_view_restrictions(self)


_original_private_q = PageQuerySet.private_q
_original_get_view_restrictions = Page.get_view_restrictions


def install() -> None:
    """Route Wagtail's two lookups through the memo (called once from ``HelixConfig.ready``)."""
    PageQuerySet.private_q = _private_q
    Page.get_view_restrictions = _get_view_restrictions


class RequestMemoMiddleware:
    """Open a memo for each GET/HEAD request and drop it when the response is built."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
