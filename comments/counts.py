"""Comments per status for the admin menu, the dashboard and the queue, cached on a tag.

Every admin page shows the counts (the "Comments" menu), and counting a
million rows per request costs hundreds of milliseconds. They are computed
once and kept through ``helix.fragments.cached`` until a comment is saved or
deleted: ``comments/signals.py`` bumps ``COUNTS_TAG`` then (a status change is
a plain save, which bumps no table tag of its own). Rows written without
signals (bulk loads) show up when the entry expires (``PAGE_TIMEOUT``).
"""

from helix.cache import bump
from helix.fragments import cached

from .models import Comment

COUNTS_TAG = "reader-comments:status-counts"
CACHE_KEY = "reader-comments:status-counts"


def status_counts() -> dict[str, int]:
    """``{status: count}`` for every status: one cache read, or one query on a miss."""
    return cached(CACHE_KEY, Comment.objects.status_counts, COUNTS_TAG)


def counts_changed() -> None:
    """Drop the cached counts (a comment was created, changed status or was deleted)."""
    bump(COUNTS_TAG)
