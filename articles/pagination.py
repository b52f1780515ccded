"""Pagination that forgives: a bad or stale ``?page=`` gives the nearest real page."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def nearest_page(
    request: HttpRequest, object_list, per_page: int, count: int | None = None
) -> Page:
    """The page asked for, clamped to the pages that exist.

    ``?page=abc`` and ``?page=0`` give the first page, ``?page=999`` the last:
    a mistyped or stale link never ends in an error. ``count``, when the caller
    knows it (a cached count), spares the paginator its ``COUNT(*)``.
    """
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.__dict__["count"] = count
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))
