"""``/sitemap.xml``: every live, public page, plus reference-library and condition pages.

Pages come from Wagtail's sitemap (live, public, with ``lastmod`` from the last
publication). Sources and conditions are snippets; they are listed only once their
apps give them a public URL (``get_absolute_url``).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from sources.models import Source
from therapies.models import Condition


class SourceSitemap(Sitemap):
    """Source detail pages, newest edit first; ``lastmod`` is the last edit."""

    def items(self) -> QuerySet:
        return Source.objects.order_by("pk").only("pk", "title", "updated_at")

    def lastmod(self, source: Source):
        return source.updated_at


class ConditionSitemap(Sitemap):
    """Condition pages (``/conditions/<slug>/``); conditions record no edit date."""

    def items(self) -> QuerySet:
        return Condition.objects.order_by("name").only("pk", "name", "slug")


def sitemaps() -> dict[str, type[Sitemap]]:
    """The sitemap sections that exist in this build."""
    sections: dict[str, type[Sitemap]] = {"pages": PageSitemap}
    if hasattr(Source, "get_absolute_url"):
        sections["sources"] = SourceSitemap
    if hasattr(Condition, "get_absolute_url"):
        sections["conditions"] = ConditionSitemap
    return sections
