"""Deciding what happens to a new comment, in one place.

Every reader comment passes through one moderator before it is saved. The
moderator reads the site's ``CommentSettings`` and returns a ``Decision``: the
status the comment gets and the ``Rule`` that decided it, which is stored with
the comment so a moderator can later see *why* something was held or approved.

The rules run in this order, the first that applies deciding:

1. a word on the disallowed list anywhere in the comment: spam;
2. a word on the moderation list: held;
3. ``link_limit`` or more links in the text: held;
4. the author (by e-mail) has a previously approved comment and the site
   approves known authors: approved;
5. "hold every comment" is on: held; otherwise approved.

Whether a page takes comments at all (its ``comments_open`` switch, or its age
against ``close_after_days``) is checked before this, when the form is posted.

The moderator is registered once, by dotted path in the
``HELIX_COMMENT_MODERATOR`` setting; a site with other needs subclasses
``CommentModerator`` and points the setting at its class::

    class StrictModerator(CommentModerator):
        def decide(self, comment, rules):
            if comment.url:
                return Decision(Status.PENDING, Rule.LINKS)
            return super().decide(comment, rules)

After the comment is saved the ``comment_posted`` signal is sent (see
comments/signals.py); notifications hang off it, not off the view.
"""

from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.utils.module_loading import import_string

from .models import Comment, CommentSettings, Rule, Status
from .text import count_links


class Decision(NamedTuple):
    status: str
    rule: str


class CommentModerator:
    """Applies the site's discussion rules to a new reader comment."""

    def decide(self, comment: Comment, rules: CommentSettings) -> Decision:
        haystack = " ".join([comment.body, comment.name, comment.email, comment.url]).lower()
        if any(word in haystack for word in rules.disallowed_word_list):
            return Decision(Status.SPAM, Rule.DISALLOWED_WORDS)
        if any(word in haystack for word in rules.moderation_word_list):
            return Decision(Status.PENDING, Rule.MODERATION_WORDS)
        if rules.link_limit and count_links(comment.body) >= rules.link_limit:
            return Decision(Status.PENDING, Rule.LINKS)
        if rules.approve_known_authors and self.is_known_author(comment):
            return Decision(Status.APPROVED, Rule.KNOWN_AUTHOR)
        if rules.hold_all:
            return Decision(Status.PENDING, Rule.HOLD_ALL)
        return Decision(Status.APPROVED, Rule.OPEN)

    def is_known_author(self, comment: Comment) -> bool:
        return Comment.objects.approved().by_email(comment.email).exists()


@cache
def get_moderator() -> CommentModerator:
    path = getattr(settings, "HELIX_COMMENT_MODERATOR", "comments.moderation.CommentModerator")
    return import_string(path)()
