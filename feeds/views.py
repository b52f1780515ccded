"""The /feeds/ page: every feed Helix offers, with its three formats' URLs."""

from django.views.generic import TemplateView

from taggit.models import Tag

from articles.models import ArticleAuthor, Author, Section
from caching.declared import show
from caching.keys import listing_key
from feeds.articles import (
    author_link,
    latest_articles_link,
    published_articles,
    section_link,
    tag_link,
)
from feeds.comments import latest_comments_link
from feeds.entries import FEED_LENGTH
from feeds.therapies import condition_link, published_therapies, therapy_link
from therapies.models import Condition

#: What the feed list is made of, for the page cache (caching/).
FEED_INDEX_LISTINGS = (
    "articles.articlepage",
    "articles.author",
    "articles.section",
    "taggit.tag",
    "therapies.therapypage",
    "therapies.condition",
)


class FeedIndexView(TemplateView):
    """Groups of feeds, each listed only if it can have entries (except sections)."""

    template_name = "feeds/index.html"

    def get_context_data(self, **kwargs):
        show(*(listing_key(name) for name in FEED_INDEX_LISTINGS))
        articles = published_articles()
        tags = Tag.objects.filter(articles_articletag_items__content_object__in=articles)
        authors = Author.objects.filter(
            pk__in=ArticleAuthor.objects.filter(page__in=articles).values("author_id")
        )
        live_therapies = published_therapies()
        therapies = live_therapies.order_by("title").only("id", "title", "slug")
        conditions = Condition.objects.filter(therapies__in=live_therapies)
        groups = [
            ("By section", [section_link(section) for section in Section.objects.all()]),
            ("By tag", [tag_link(tag) for tag in tags.distinct().order_by("name")]),
            ("By author", [author_link(author) for author in authors]),
            ("By therapy", [therapy_link(therapy) for therapy in therapies]),
            ("By condition", [condition_link(c) for c in conditions.distinct().order_by("name")]),
        ]
        return super().get_context_data(
            site_feeds=[latest_articles_link(), latest_comments_link()],
            feed_length=FEED_LENGTH,
            groups=[(heading, links) for heading, links in groups if links],
            **kwargs,
        )
