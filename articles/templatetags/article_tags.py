"""Template helpers for article pages: cards and query-string links (JSON-LD: seo_tags)."""

from django import template

from articles.cards import render_cards

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
    """The index the page is on or under (no query when routing loaded it), else the first."""
    from django.contrib.contenttypes.models import ContentType

    from articles.models import ArticleIndexPage

    if isinstance(page, ArticleIndexPage):
        return page
    index_type = ContentType.objects.get_for_model(ArticleIndexPage).pk
    for ancestor in getattr(page, "routed_ancestors", ()):
        if ancestor.content_type_id == index_type and ancestor.live:
            return ancestor
    return ArticleIndexPage.objects.live().public().first()
