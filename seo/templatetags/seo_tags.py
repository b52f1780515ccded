"""Metadata for search engines and social previews: canonical URL, Open Graph, JSON-LD.

``{% seo_meta as seo %}`` gathers what ``templates/seo/meta.html`` prints for
any page; ``{% json_ld data %}`` prints a schema.org dict as a safe ``<script>``;
``{% article_json_ld page %}`` and ``{% therapy_json_ld page ... %}`` print a
page's own data, built by ``seo.schema_org``.
"""

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from wagtail.models import Page

from helix.links import absolute_url
from helix.models import SiteSettings
from seo import schema_org

register = template.Library()

#: Open Graph's recommended size; a fixed rendition so previews never crop oddly.
SOCIAL_IMAGE_SPEC = "fill-1200x630"
DESCRIPTION_FIELDS = ("search_description", "standfirst", "summary")

# "</script>", "<!--" and friends must never close or confuse the script element;
# JSON allows these escapes anywhere in a string.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_string(data: Any) -> str:
    """``data`` as JSON safe to place inside ``<script type="application/ld+json">``."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )


@register.filter(name="json_ld")
@register.simple_tag
def json_ld(data: Any) -> SafeString:
    """``{% json_ld data %}`` or ``{{ data|json_ld }}``: a JSON-LD script element.

    Prints nothing when ``data`` is empty, so templates need no ``{% if %}``.
    """
    if not data:
        return mark_safe("")
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(json_ld_string(data))
    )


@register.simple_tag(takes_context=True)
def article_json_ld(context: template.Context, page: Page, image_url: str = "") -> SafeString:
    """An article's ``Article`` or ``MedicalWebPage`` JSON-LD (``image_url``: its social image)."""
    return json_ld(schema_org.article(page, context.get("request"), image_url))


@register.simple_tag(takes_context=True)
def therapy_json_ld(
    context: template.Context, page: Page, *, conditions, approvals, trials
) -> SafeString:
    """A therapy profile's ``MedicalTherapy`` JSON-LD, from rows the page already loaded."""
    data = schema_org.therapy(
        page, context.get("request"), conditions=conditions, approvals=approvals, trials=trials
    )
    return json_ld(data)


def _description(page: Page, fallback: str) -> str:
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, "")
        if value:
            return " ".join(str(value).split())
    return fallback


def _social_image(page: Page, request: Any) -> dict[str, Any] | None:
    image = getattr(page, "hero_image", None)
    if image is None:
        return None
    rendition = image.get_rendition(SOCIAL_IMAGE_SPEC)
    return {
        "url": absolute_url(rendition.url, request),
        "width": rendition.width,
        "height": rendition.height,
        "alt": getattr(page, "hero_caption", "") or image.title,
    }


def _site_settings(request: Any) -> SiteSettings | None:
    """The request's site settings (cached on the request, so the header reuses them)."""
    if request is None:
        return None
    try:
        return SiteSettings.for_request(request)
    except SiteSettings.DoesNotExist:  # no Wagtail site matches the request
        return None


@register.simple_tag(takes_context=True)
def seo_meta(context: template.Context) -> dict[str, Any]:
    """Everything ``seo/meta.html`` needs for the current page (or a plain view)."""
    request = context.get("request")
    site_settings = _site_settings(request)
    site_name = getattr(site_settings, "site_name", "") or "Helix"
    tagline = getattr(site_settings, "tagline", "")
    page = context.get("page")
    if not isinstance(page, Page):
        return {"site_name": site_name, "description": tagline, "is_page": False}

    is_home = page.depth <= 2
    url = page.get_url(request)
    return {
        "is_page": True,
        "site_name": site_name,
        "title": page.seo_title or page.title,
        "description": _description(page, tagline),
        "canonical": absolute_url(url, request) if url else "",
        "og_type": "website" if is_home else "article",
        "image": _social_image(page, request),
        "website": schema_org.website(site_name, request) if is_home else None,
    }
