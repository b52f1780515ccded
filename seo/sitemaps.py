"""``/sitemap.xml``: every published page, plus reference-library and condition pages.

Pages come from Wagtail's sitemap (live, public, with ``lastmod`` from the last
publication), minus what a page type's own ``published()`` leaves out (an
article dated in the future). Sources and conditions are snippets; they are listed only once their
apps give them a public URL (``get_absolute_url``).
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import Sitemap
from django.db.models import Q, QuerySet

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import PageQuerySet, get_page_models

from sources.models import Source
from therapies.models import Condition


def published_pages(pages: PageQuerySet) -> PageQuerySet:
    """``pages`` minus those their own type's ``published()`` leaves out.

    Live and public is not enough for every type: an article dated in the future
    is live but not published yet. Each page model whose manager has the
    ``published()`` vocabulary decides for its own pages.
    """
    for model in get_page_models():
        manager = model._default_manager
        if model._meta.abstract or not hasattr(manager, "published"):
            continue
        listed = manager.published().order_by().values("pk")
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        pages = pages.exclude(Q(content_type=content_type) & ~Q(pk__in=listed))
    return pages


class PageSitemap(WagtailSitemap):
    """Wagtail's page sitemap, restricted to what each page type has published."""

    def items(self) -> PageQuerySet:
        return published_pages(super().items())


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
