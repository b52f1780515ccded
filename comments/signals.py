"""Signals sent around a comment's life, and the receivers that act on them.

``comment_posted`` is sent once a reader's comment is saved (``comment``,
``request``); ``comment_moderated`` after a moderator changes comments
(``comments``, ``action``, ``user``). Notifications are receivers here, so the
posting view knows nothing about e-mail.
"""

import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .counts import counts_changed
from .models import Comment, Status

logger = logging.getLogger(__name__)

comment_posted = Signal()
comment_moderated = Signal()


@receiver(comment_posted, dispatch_uid="reader_comments.notify_moderators")
def notify_moderators_of_pending_comment(sender, comment, request=None, **kwargs) -> None:
    """Queue an e-mail to the moderators; a queue failure must never lose the comment.

    The address the comment was posted to travels with the task (a worker has no
    request), so the mail links where the site is actually served.
    """
    if comment.status != Status.PENDING:
        return
    from .tasks import notify_moderators

    served_at = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
    try:
        notify_moderators.enqueue(comment.pk, base_url=served_at)
    except Exception:
        logger.exception("Could not queue the moderation e-mail for comment %s.", comment.pk)


@receiver(post_save, sender=Comment, dispatch_uid="reader_comments.counts_saved")
@receiver(post_delete, sender=Comment, dispatch_uid="reader_comments.counts_deleted")
def comment_counts_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """Any saved or deleted comment may change the per-status counts (comments/counts.py)."""
    if not raw:
        counts_changed()
