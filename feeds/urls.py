"""Feed URLs: ``/feeds/`` lists them all; every feed exists as ``.rss`` and ``.atom``.

Scheme: ``/feeds/<what>.<format>`` for a site-wide feed (articles, comments) and
``/feeds/<kind>/<slug>.<format>`` for the rest, except a page's comments:
``/feeds/comments/<page id>.<format>`` (page slugs are not unique). URL names are
``feeds:<kind>-rss`` and ``feeds:<kind>-atom``. Slugs use the ``str`` converter
because tag and page slugs may be Unicode; an unknown slug is a 404.
"""

from django.urls import path

from feeds import articles as article_feeds
from feeds import comments as comment_feeds
from feeds import therapies as therapy_feeds
from feeds.views import FeedIndexView

app_name = "feeds"


def feed_paths(route: str, name: str, rss_feed, atom_feed) -> list:
    """The RSS and Atom twins of one feed, routed side by side."""
    return [
        path(f"{route}.rss", rss_feed(), name=f"{name}-rss"),
        path(f"{route}.atom", atom_feed(), name=f"{name}-atom"),
    ]


urlpatterns = [
    path("", FeedIndexView.as_view(), name="index"),
    *feed_paths(
        "articles",
        "articles",
        article_feeds.LatestArticlesFeed,
        article_feeds.LatestArticlesAtomFeed,
    ),
    *feed_paths(
        "sections/<str:slug>",
        "section",
        article_feeds.SectionFeed,
        article_feeds.SectionAtomFeed,
    ),
    *feed_paths("tags/<str:slug>", "tag", article_feeds.TagFeed, article_feeds.TagAtomFeed),
    *feed_paths(
        "authors/<str:slug>", "author", article_feeds.AuthorFeed, article_feeds.AuthorAtomFeed
    ),
    *feed_paths(
        "therapies/<str:slug>",
        "therapy",
        therapy_feeds.TherapyFeed,
        therapy_feeds.TherapyAtomFeed,
    ),
    *feed_paths(
        "conditions/<str:slug>",
        "condition",
        therapy_feeds.ConditionFeed,
        therapy_feeds.ConditionAtomFeed,
    ),
    *feed_paths(
        "comments",
        "comments",
        comment_feeds.LatestCommentsFeed,
        comment_feeds.LatestCommentsAtomFeed,
    ),
    *feed_paths(
        "comments/<int:page_id>",
        "page-comments",
        comment_feeds.PageCommentsFeed,
        comment_feeds.PageCommentsAtomFeed,
    ),
]
