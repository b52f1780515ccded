"""What crawlers fetch first: /robots.txt and /sitemap.xml."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from caching.declared import show
from caching.keys import SITE, listing_key
from helix.links import absolute_url
from seo.sitemaps import sitemaps


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawl everything public; keep out of the admin and of endless search variations."""
    show(SITE)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('search:results')}",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    show(
        *(
            listing_key(name)
            for name in ("wagtailcore.page", "sources.source", "therapies.condition")
        )
    )
    return wagtail_sitemap(request, sitemaps=sitemaps())
