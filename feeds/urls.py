"""Feed URLs: ``/feeds/`` lists them all; every feed exists as ``.rss``, ``.atom`` and ``.json``.

Scheme: ``/feeds/<what>.<format>`` for a site-wide feed (articles, comments) and
``/feeds/<kind>/<slug>.<format>`` for the rest, except a page's comments:
``/feeds/comments/<page id>.<format>`` (page slugs are not unique). URL names are
``feeds:<kind>-rss``, ``feeds:<kind>-atom`` and ``feeds:<kind>-json``. Slugs use
the ``str`` converter because tag and page slugs may be Unicode; an unknown slug
is a 404.
"""

from django.urls import path

from feeds import articles as article_feeds
from feeds import comments as comment_feeds
from feeds import therapies as therapy_feeds
from feeds.views import FeedIndexView

app_name = "feeds"


def feed_paths(route: str, name: str, rss_feed, atom_feed, json_feed) -> list:
    """The RSS, Atom and JSON Feed forms of one feed, routed side by side."""
    return [
        path(f"{route}.rss", rss_feed(), name=f"{name}-rss"),
        path(f"{route}.atom", atom_feed(), name=f"{name}-atom"),
        path(f"{route}.json", json_feed(), name=f"{name}-json"),
    ]


urlpatterns = [
    path("", FeedIndexView.as_view(), name="index"),
    *feed_paths(
        "articles",
        "articles",
        article_feeds.LatestArticlesFeed,
        article_feeds.LatestArticlesAtomFeed,
        article_feeds.LatestArticlesJsonFeed,
    ),
    *feed_paths(
        "sections/<str:slug>",
        "section",
        article_feeds.SectionFeed,
        article_feeds.SectionAtomFeed,
        article_feeds.SectionJsonFeed,
    ),
    *feed_paths(
        "tags/<str:slug>",
        "tag",
        article_feeds.TagFeed,
        article_feeds.TagAtomFeed,
        article_feeds.TagJsonFeed,
    ),
    *feed_paths(
        "authors/<str:slug>",
        "author",
        article_feeds.AuthorFeed,
        article_feeds.AuthorAtomFeed,
        article_feeds.AuthorJsonFeed,
    ),
    *feed_paths(
        "therapies/<str:slug>",
        "therapy",
        therapy_feeds.TherapyFeed,
        therapy_feeds.TherapyAtomFeed,
        therapy_feeds.TherapyJsonFeed,
    ),
    *feed_paths(
        "conditions/<str:slug>",
        "condition",
        therapy_feeds.ConditionFeed,
        therapy_feeds.ConditionAtomFeed,
        therapy_feeds.ConditionJsonFeed,
    ),
    *feed_paths(
        "comments",
        "comments",
        comment_feeds.LatestCommentsFeed,
        comment_feeds.LatestCommentsAtomFeed,
        comment_feeds.LatestCommentsJsonFeed,
    ),
    *feed_paths(
        "comments/<int:page_id>",
        "page-comments",
        comment_feeds.PageCommentsFeed,
        comment_feeds.PageCommentsAtomFeed,
        comment_feeds.PageCommentsJsonFeed,
    ),
]
