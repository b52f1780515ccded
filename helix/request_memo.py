"""Page view restrictions, loaded once and kept until one changes.

Wagtail's ``PageQuerySet.public()`` loads every ``PageViewRestriction`` each time
it is called, and ``Page.get_view_restrictions()`` runs two queries for every page
served. A page that shows a menu, a pager and a few related listings pays that
six or more times. ``RequestMemoMiddleware`` lets a read-only request (GET/HEAD)
use one list of the restrictions, read from Django's cache; writes and code
outside a request keep Wagtail's behaviour exactly. The cached list is dropped
whenever a restriction (or its groups) is saved or deleted, or a page moves
(restrictions cover a subtree by its tree path), and those events bump the
restrictions' table tag, so cached pages that list pages are refreshed too.
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.signals import post_page_move

from .cache import bump, depends_on, table_tag

RESTRICTIONS_KEY = "helix:view-restrictions"

_memo: ContextVar[dict | None] = ContextVar("helix_request_memo", default=None)


def view_restrictions() -> list[PageViewRestriction] | None:
    """Every view restriction (with its page), loaded once per GET; None outside one."""
    memo = _memo.get()
    if memo is None:
        return None
    if "restrictions" not in memo:
        restrictions = cache.get(RESTRICTIONS_KEY)
        if restrictions is None:
            restrictions = list(PageViewRestriction.objects.select_related("page"))
            cache.set(RESTRICTIONS_KEY, restrictions, None)
        memo["restrictions"] = restrictions
    # Whatever is being rendered (a page, a cached menu) depends on them.
    depends_on(table_tag(PageViewRestriction))
    return memo["restrictions"]


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="helix-restriction-saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="helix-restriction-deleted")
@receiver(
    m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="helix-restriction-groups"
)
@receiver(post_page_move, dispatch_uid="helix-restriction-page-moved")
def forget_restrictions(sender, **kwargs) -> None:
    def forget():
        cache.delete(RESTRICTIONS_KEY)
        bump(table_tag(PageViewRestriction))

    # Now, and again at commit: a reader between the two could cache the old list.
    forget()
    transaction.on_commit(forget)


def loaded_instances(model) -> dict | None:
    """Rows of ``model`` loaded earlier in this GET, by pk (None outside one).

    Parts of a page that need the same rows (a page's references and the key
    figures citing them) share them here instead of querying twice.
    """
    memo = _memo.get()
    if memo is None:
        return None
    return memo.setdefault(("instances", model._meta.label_lower), {})


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
