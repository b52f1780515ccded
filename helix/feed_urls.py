"""Feed URLs: ``/feeds/`` lists them all; every feed exists as ``.rss`` and ``.atom``.

Scheme: ``/feeds/<what>.<format>`` for the site-wide feed and
``/feeds/<kind>/<slug>.<format>`` for the rest; URL names are
``feeds:<kind>-rss`` and ``feeds:<kind>-atom``. Slugs use the ``str`` converter
because tag and page slugs may be Unicode; an unknown slug is a 404.
"""

from django.urls import path

from articles import feeds as article_feeds
from helix.feed_views import FeedIndexView
from therapies import feeds as therapy_feeds

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
]
