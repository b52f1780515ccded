"""``/search/``: one box over articles, therapy profiles, conditions and sources."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.views.generic import TemplateView

from taggit.models import Tag
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from articles.models import ArticlePage, Section
from caching import fragments
from caching.declared import show
from caching.keys import listing_key
from helix.links import query_with
from search.forms import SearchForm
from search.queries import Filters, SearchTerms, published_pages, search_all

RESULTS_PER_PAGE = 10
#: On the "everything" view each kind shows its best few and links to the rest.
PREVIEW_PER_KIND = 5
SUGGESTED_TAGS = 8


def promotions_for(query: str) -> list[SearchPromotion]:
    """Editors' picks for exactly this query (read-only: searching writes nothing)."""
    if not query:
        return []
    return list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order")
    )


def popular_tags(limit: int = SUGGESTED_TAGS) -> list[Tag]:
    """The tags most used on published articles: suggestions when nothing matched.

    Only published articles count, so a draft's tags never show. Counting every
    published article's tags takes over 100 ms at 100,000 articles, so the list
    is cached until an article is published, withdrawn or moved (or a tag or a
    view restriction changes), like the listings.
    """
    return fragments.cached(
        f"search:popular-tags:{limit}",
        lambda: list(
            Tag.objects.filter(
                articles_articletag_items__content_object__in=published_pages(ArticlePage)
            )
            .annotate(uses=Count("articles_articletag_items"))
            .order_by("-uses", "name")[:limit]
        ),
        [listing_key(ArticlePage), listing_key(Tag), listing_key("articles.articletag")],
    )


def all_sections() -> list[Section]:
    """Every section, for the form's choice (cached: a new, renamed or deleted one refreshes it)."""
    return fragments.cached(
        "search:sections",
        lambda: list(Section.objects.only("name", "slug").order_by("name")),
        [listing_key(Section)],
    )


class SearchView(TemplateView):
    template_name = "search/search_results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Editors' picks, and what the filters offer (each kind declares its own listing).
        show(listing_key(SearchPromotion), listing_key(Section), listing_key(Tag))
        form = SearchForm(self.request.GET)
        values = form.values()
        terms = SearchTerms(values["q"])
        filters = Filters(tag=values["tag"], section=values["section"])
        results = search_all(terms, filters)
        total = sum(result.count for result in results.values())
        chosen = values["type"]
        sections = all_sections()

        context.update(
            form=form,
            query=values["q"],
            searched=bool(terms),
            punctuation_only=bool(values["q"]) and not terms,
            filters=filters,
            chosen_type=chosen,
            total=total,
            facets=[
                {
                    "key": key,
                    "label": result.kind.label,
                    "count": result.count,
                    "url": self.url_with(type=key, page=None),
                    "current": key == chosen,
                }
                for key, result in results.items()
            ],
            all_url=self.url_with(type=None, page=None),
            promotions=promotions_for(values["q"]),
            sections=sections,
            chosen_section=next((s for s in sections if s.slug == filters.section), None),
            clear_tag_url=self.url_with(tag=None, page=None),
            clear_section_url=self.url_with(section=None, page=None),
            unfiltered_url=self.url_with(tag=None, section=None, page=None),
        )
        if chosen:
            result = results[chosen]
            page = Paginator(result.pks, RESULTS_PER_PAGE).get_page(self.request.GET.get("page"))
            context.update(
                page_obj=page,
                groups=[{"kind": result.kind, "items": result.load(page.object_list)}],
                previous_url=page.has_previous() and self.url_with(page=str(page.number - 1)),
                next_url=page.has_next() and self.url_with(page=str(page.number + 1)),
            )
        else:
            context["groups"] = [
                {
                    "kind": result.kind,
                    "items": result.load(result.pks[:PREVIEW_PER_KIND]),
                    "count": result.count,
                    "more_url": self.url_with(type=key, page=None),
                }
                for key, result in results.items()
                if result.count
            ]
        if terms and not total:
            context["suggested_tags"] = popular_tags()
        return context

    def url_with(self, **changes: str | None) -> str:
        """This search's URL with some parameters changed (``None`` removes one)."""
        return "?" + query_with(self.request.GET, SearchForm.base_fields, **changes)
