"""Template tags for the site frame: navigation, breadcrumbs, machine-readable dates."""

import datetime

from django import template
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site

from helix.pages import open_to_readers

register = template.Library()


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """Top-level pages marked "show in menus", in tree order.

    Part of the site frame every kept page shows: publishing, moving or hiding a
    page right under the root refreshes them all (caching/signals.py).
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = menu_items(site) if site is not None else []
    current_path = getattr(context.get("page"), "path", "")
    for item in items:
        item.is_current = current_path.startswith(item.path)
    return {"items": items, "request": request}


def menu_items(site: Site) -> list[Page]:
    return list(
        Page.objects.child_of(site.root_page)
        .live()
        .filter(open_to_readers())
        .in_menu()
        .only("id", "title", "url_path", "path", "depth")
    )


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, *trail: str, current: str = ""):
    """The trail from the home page to where the reader is, for every page.

    On a Wagtail page, with no arguments: its ancestors (never the tree root),
    then the page. A Django view names its trail as title and URL pairs after
    Home, and where the reader is:
    ``{% breadcrumbs "Authors" authors_url current=author.name %}``.
    """
    request = context.get("request")
    if trail or current:
        if len(trail) % 2:
            raise template.TemplateSyntaxError("breadcrumbs takes title and URL pairs.")
        links = [("Home", reverse("wagtail_serve", args=[""]))]
        links += list(zip(trail[::2], trail[1::2], strict=True))
        return {"links": links, "current": current}
    page = context.get("page")
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = list(page.get_ancestors().filter(depth__gte=2).only("id", "title", "url_path"))
    links = [
        ("Home" if position == 0 else ancestor.title, ancestor.get_url(request))
        for position, ancestor in enumerate(ancestors)
    ]
    return {"links": links, "current": page.title if links else ""}


@register.simple_tag(takes_context=True)
def page_link(context, number, keep: str = "") -> str:
    """``?page=N`` for a listing's pager, carrying the parameters named in ``keep``."""
    from helix.links import query_with

    request = context.get("request")
    params = request.GET if request is not None else {}
    return "?" + query_with(params, keep.split(), page=number)


@register.simple_tag(takes_context=True)
def absolute_url(context, path_or_url: str) -> str:
    """``{% absolute_url page.url %}``: the public, absolute form of a URL."""
    from helix.links import absolute_url as make_absolute

    return make_absolute(path_or_url, context.get("request"))


@register.filter
def machine_datetime(value) -> str:
    """A ``<time datetime>`` value: ISO 8601 to the second (HTML allows at most
    three decimals, and no reader needs microseconds); a date stays a date."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
