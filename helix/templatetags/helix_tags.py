"""Template tags for the site frame: navigation and breadcrumbs."""

from django import template

from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """Top-level pages marked "show in menus", in tree order: one query."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        items = list(
            site.root_page.get_children()
            .live()
            .public()
            .in_menu()
            .only("id", "title", "url_path", "path", "depth")
        )
    current_path = getattr(context.get("page"), "path", "")
    for item in items:
        item.is_current = current_path.startswith(item.path)
    return {"items": items, "request": request}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail from the home page to the current page (never the tree root)."""
    page = context.get("page")
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = list(page.get_ancestors().filter(depth__gte=2).only("id", "title", "url_path"))
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def absolute_url(context, path_or_url: str) -> str:
    """``{% absolute_url page.url %}``: the public, absolute form of a URL."""
    from helix.links import absolute_url as make_absolute

    return make_absolute(path_or_url, context.get("request"))
