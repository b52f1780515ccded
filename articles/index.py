"""The article index: every article newest first, and its tag, section and archive listings.

Defined apart from ``ArticlePage``; the model belongs to the articles app and
is re-exported by ``articles.models``, which imports this module (so
``ArticlePage`` is imported here only when the articles are asked for).
"""

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.dateformat import format as date_format

from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from articles.pagination import nearest_page
from articles.queries import ArticlePageQuerySet
from articles.sections import Section
from caching import fragments
from caching.keys import listing_key
from helix.page_permissions import OwnDraftsMixin

if TYPE_CHECKING:
    from articles.models import ArticlePage


class ArticleIndexPage(OwnDraftsMixin, RoutablePageMixin, Page):
    """Lists articles newest first, with tag, section and date filters.

    Filters live in the URL (``tag/<slug>/``, ``section/<slug>/``,
    ``archive/<year>/[<month>/]``) so that every listing has an address of its own.
    """

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["articles.ArticlePage"]
    max_count = 1

    per_page = 12
    #: What it lists, for the page cache (caching/pages.py).
    cache_listings = ("articles.articlepage", "articles.section")

    def articles(self) -> ArticlePageQuerySet:
        from articles.models import ArticlePage

        return ArticlePage.objects.descendant_of(self).published()

    def sub_url(self, request, name: str, *args) -> str:
        return self.get_url(request) + self.reverse_subpage(name, args=args)

    def archive_months(self, request) -> list[dict]:
        """The months that have articles, newest first, with their links.

        Kept until an article is published, moved or withdrawn (caching/fragments.py).
        """
        months = fragments.cached(
            f"article-index:{self.pk}:months",
            lambda: list(self.articles().order_by().datetimes("first_published", "month", "DESC")),
            [listing_key("articles.articlepage")],
        )
        return [
            {"date": month, "url": self.sub_url(request, "archive_month", month.year, month.month)}
            for month in months
        ]

    def sections(self, request) -> list[Section]:
        """Sections that have published articles here, each with its listing link (cached)."""
        # Each section's newest article, found along the listing-order index, stops
        # at the first match; a DISTINCT join (or an EXISTS, which PostgreSQL turns
        # into a hash join) read every article: 60 ms at 100,000, after each publish.
        newest = self.articles().filter(section=OuterRef("pk")).order_by("-first_published")[:1]
        sections = fragments.cached(
            f"article-index:{self.pk}:sections",
            lambda: list(
                Section.objects.alias(newest=Subquery(newest.values("pk"))).filter(
                    newest__isnull=False
                )
            ),
            [listing_key("articles.articlepage"), listing_key(Section)],
        )
        for section in sections:
            section.listing_url = self.sub_url(request, "section", section.slug)
        return sections

    def listing_count(self, request, queryset) -> int:
        """How many articles a listing has: cached until an article comes or goes.

        A listing is named by its path (the filters live in it); counting 100,000
        articles on every request would cost more than the page itself.
        """
        return fragments.cached(
            f"article-index:{self.pk}:count:{request.path}",
            queryset.count,
            [listing_key("articles.articlepage")],
        )

    def page_of_articles(self, request, queryset, page_obj) -> list["ArticlePage"]:
        """The articles on one page of a listing, in order.

        Their ids are cached until an article comes or goes: at 100,000 articles
        a deep page's OFFSET walks tens of thousands of rows.
        """
        start = max(page_obj.start_index() - 1, 0)
        ids = fragments.cached(
            f"article-index:{self.pk}:page:{request.path}:{page_obj.number}",
            lambda: list(queryset.values_list("pk", flat=True)[start : start + self.per_page]),
            [listing_key("articles.articlepage")],
        )
        by_id = queryset.for_listing().in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    def render_listing(self, request, queryset, *, heading: str = "", **extra):
        count = self.listing_count(request, queryset)
        page_obj = nearest_page(request, queryset, self.per_page, count)
        page_obj.object_list = self.page_of_articles(request, queryset, page_obj)
        return self.render(
            request,
            context_overrides={
                "articles": page_obj.object_list,
                "page_obj": page_obj,
                "listing_heading": heading,
                "sections": self.sections(request),
                "archive_months": self.archive_months(request),
                **extra,
            },
        )

    @path("")
    def index_view(self, request):
        return self.render_listing(request, self.articles())

    @path("tag/<slug:tag>/", name="tag")
    def tag_view(self, request, tag):
        tag = get_object_or_404(Tag, slug=tag)
        articles = self.articles().filter(tagged_items__tag=tag)
        if not self.listing_count(request, articles):
            raise Http404("No published article has this tag.")
        return self.render_listing(
            request, articles, heading=f"Tagged “{tag.name}”", filter_tag=tag
        )

    @path("section/<slug:section>/", name="section")
    def section_view(self, request, section):
        section = get_object_or_404(Section, slug=section)
        return self.render_listing(
            request,
            self.articles().filter(section=section),
            heading=section.name,
            filter_section=section,
        )

    @path("archive/<int:year>/", name="archive_year")
    @path("archive/<int:year>/<int:month>/", name="archive_month")
    def archive_view(self, request, year, month=None):
        if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
            raise Http404("There is no such month.")
        articles = self.articles().filter(first_published__year=year)
        if month is not None:
            articles = articles.filter(first_published__month=month)
        heading = date_format(date(year, month, 1), "F Y") if month else str(year)
        return self.render_listing(
            request, articles, heading=f"Published in {heading}", archive_year=year
        )
