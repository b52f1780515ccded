"""Template helpers for article pages: JSON-LD output and query-string links."""

import json

from django import template
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from articles.seo import article_json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def article_structured_data(context, page, image_url: str = "") -> str:
    """``<script type="application/ld+json">`` for the page, safe inside HTML."""
    data = article_json_ld(page, context.get("request"), image_url)
    text = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.simple_tag(takes_context=True)
def page_query(context, number: int) -> str:
    """``?page=N`` keeping the other query parameters, for pagination links."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def section_url(context, section) -> str:
    """The article index filtered to a section; the index is looked up once a request."""
    from articles.models import ArticleIndexPage

    request = context.get("request")
    index = getattr(request, "_helix_article_index", None)
    if index is None:
        page = context.get("page")
        if isinstance(page, ArticleIndexPage):
            index = page
        else:
            index = ArticleIndexPage.objects.live().public().first() or False
        if request is not None:
            request._helix_article_index = index
    if not index:
        return ""
    return index.get_url(request) + index.reverse_subpage(
        "section", kwargs={"section": section.slug}
    )
