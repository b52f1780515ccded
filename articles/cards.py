"""Article cards for listings (index, home, tag and author pages), rendered once.

A card shows an article's title, link, section, date, authors, standfirst and
tags. Its HTML is kept (``helix/fragments.py``) until one of those changes: the
article is republished or moved (its page tag), its section, an author or a
tag is edited (their object tags), or the article index moves (the section
link). A listing then loads only its articles (``for_listing()``); authors and
tags are fetched for the cards that have to be rendered, in one batch.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from helix import fragments
from helix.cache import object_tag, page_tag

TEMPLATE = "articles/includes/article_card.html"


def card_prefetches() -> list[Prefetch]:
    from articles.models import ArticleAuthor, ArticleTag

    return [
        Prefetch("authors", queryset=ArticleAuthor.objects.select_related("author")),
        Prefetch(
            "tagged_items",
            queryset=ArticleTag.objects.select_related("tag").order_by(Lower("tag__name")),
        ),
    ]


def _shown_rows(article) -> list[str]:
    """Tags for the rows a card shows that were loaded before it rendered."""
    from taggit.models import Tag

    from articles.models import Author, Section

    tags = [page_tag(article.pk)]
    if article.section_id:
        tags.append(object_tag(Section, article.section_id))
    tags += [object_tag(Author, link.author_id) for link in article.authors.all()]
    tags += [object_tag(Tag, item.tag_id) for item in article.tagged_items.all()]
    return tags


def render_cards(request, articles, heading_level: int = 2) -> list[SafeString]:
    """Each article's card HTML, from the cache where it is fresh."""
    articles = list(articles)
    site_id = getattr(getattr(request, "_wagtail_site", None), "pk", None)
    keys = [f"article-card:{site_id}:{article.pk}:{heading_level}" for article in articles]

    def build(missing: list[int]) -> list[SafeString]:
        batch = [articles[index] for index in missing]
        prefetch_related_objects(batch, *card_prefetches())
        return [
            render_to_string(
                TEMPLATE, {"article": article, "heading_level": heading_level}, request=request
            )
            for article in batch
        ]

    return fragments.cached_many(keys, build, lambda index: _shown_rows(articles[index]))
