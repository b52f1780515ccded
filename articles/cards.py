"""Article cards for listings (index, home, tag and author pages), rendered once.

A card shows an article's title, link, section, date, authors, standfirst and
tags. Its HTML is kept (``caching/fragments.py``) until one of those changes: the
article is republished or moved (its page tag), its section, an author or a
tag is edited (their object tags), or the article index moves (the section
link). A listing then loads only its articles (``for_listing()``); authors and
tags are fetched for the cards that have to be rendered, in one batch.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from wagtail.models import Site

from caching import fragments
from caching.keys import listing_key, object_key, page_key

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
    """Keys of the rows a card shows: the article, its section, authors and tags."""
    from taggit.models import Tag

    from articles.models import Author, Section

    # The section link goes to the article index: its move or rename shows here too.
    keys = [page_key(article.pk), listing_key("articles.articleindexpage")]
    if article.section_id:
        keys.append(object_key(Section, article.section_id))
    keys += [object_key(Author, link.author_id) for link in article.authors.all()]
    keys += [object_key(Tag, item.tag_id) for item in article.tagged_items.all()]
    return keys


def render_cards(request, articles, heading_level: int = 2) -> list[SafeString]:
    """Each article's card HTML, from the cache where it is fresh."""
    articles = list(articles)
    site = Site.find_for_request(request) if request is not None else None
    site_id = site.pk if site else None
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
