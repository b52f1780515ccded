"""Template helpers for article pages: cards and query-string links (JSON-LD: seo_tags).

Also the articles about a therapy or a condition, for the therapies app's
templates: the articles app answers that, so therapies never imports articles.
"""

from django import template

from articles.cards import render_cards
from caching import fragments
from helix.pages import open_to_readers

#: How many articles a profile or condition page lists about it, newest first.
ABOUT_LIMIT = 20

register = template.Library()


@register.simple_tag(takes_context=True)
def article_cards(context, articles, heading_level: int = 2) -> list:
    """``{% article_cards articles 3 as cards %}``: each card's HTML (articles/cards.py)."""
    return render_cards(context.get("request"), articles, heading_level)


@register.simple_tag(takes_context=True)
def section_url(context, section) -> str:
    """The article index filtered to a section; the index is looked up once a request."""
    from articles.models import ArticleIndexPage

    request = context.get("request")
    index = getattr(request, "helix_article_index", None)
    if index is None:
        index = article_index_for(context.get("page")) or False
        if request is not None:
            request.helix_article_index = index
    if not index:
        return ""
    return index.get_url(request) + ArticleIndexPage.get_resolver().reverse(
        "section", section=section.slug
    )


def article_index_for(page):
    """The index the page is on or under, else the first."""
    from articles.models import ArticleIndexPage

    if isinstance(page, ArticleIndexPage):
        return page
    indexes = ArticleIndexPage.objects.live().filter(open_to_readers())
    if page is not None and getattr(page, "path", None):
        return indexes.ancestor_of(page).first() or indexes.first()
    return indexes.first()


@register.simple_tag(takes_context=True)
def articles_about_therapy(context, therapy) -> list:
    """``{% articles_about_therapy page as articles %}``: articles about a profile.

    Kept with the profile's parts until the articles' listings change
    (``TherapyPage.cache_listings``).
    """
    from articles.models import ArticlePage

    about = ArticlePage.objects.published().about_therapies([therapy.pk])
    return fragments.for_page(
        therapy,
        context.get("request"),
        "articles",
        lambda: list(about.defer_streamfields()[:ABOUT_LIMIT]),
    )


@register.simple_tag
def articles_about_condition(condition) -> list:
    """``{% articles_about_condition condition as articles %}``: about any of its therapies."""
    from articles.models import ArticlePage

    therapies = condition.published_therapies().values("pk")
    about = ArticlePage.objects.published().about_therapies(therapies)
    return list(about.defer_streamfields()[:ABOUT_LIMIT])
