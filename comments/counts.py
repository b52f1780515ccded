"""Comments per status for the admin menu, the dashboard and the queue, kept on a key.

Every admin page shows the counts (the "Comments" menu), and counting a
million rows per request costs hundreds of milliseconds. They are computed
once and kept through ``caching.fragments.cached`` until a comment is saved or
deleted (its listing key changes then, caching/signals.py). Rows written
without signals (bulk loads) show up when ``counts_changed`` is called or the
entry expires.
"""

from caching.fragments import cached
from caching.keys import listing_key
from caching.stamps import changed

from .models import Comment

COUNTS_KEY = listing_key(Comment)
CACHE_KEY = "reader-comments:status-counts"


def status_counts() -> dict[str, int]:
    """``{status: count}`` for every status: one cache read, or one query on a miss."""
    return cached(CACHE_KEY, Comment.objects.status_counts, [COUNTS_KEY])


def counts_changed() -> None:
    """Drop the cached counts (a comment was created, changed status or was deleted)."""
    changed(COUNTS_KEY)
