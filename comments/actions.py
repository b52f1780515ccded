"""What a moderator can do to comments, each action written to Wagtail's audit log.

Bulk actions, the reply view and the privacy tools all come through here, so
every change a person makes to reader comments leaves a log entry (the
``reader_comments.*`` actions are registered in wagtail_hooks.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from wagtail.log_actions import log

from .models import Comment, Rule, Status
from .signals import comment_moderated


@dataclass(frozen=True)
class ModerationAction:
    name: str
    label: str
    past: str
    from_statuses: frozenset[str]

    @property
    def log_action(self) -> str:
        return f"reader_comments.{self.name}"

    def new_status(self, comment: Comment) -> str:
        if self.name == "approve":
            return Status.APPROVED
        if self.name in {"unapprove", "not_spam"}:
            return Status.PENDING
        if self.name == "spam":
            return Status.SPAM
        if self.name == "trash":
            return Status.TRASH
        # restore: back to where it was before it was trashed
        return comment.status_before_trash or Status.PENDING


ALL = frozenset(Status.values)
ACTIONS = {
    action.name: action
    for action in [
        ModerationAction("approve", "Approve", "approved", frozenset({Status.PENDING})),
        ModerationAction("unapprove", "Unapprove", "unapproved", frozenset({Status.APPROVED})),
        ModerationAction(
            "spam", "Mark as spam", "marked as spam", frozenset({Status.PENDING, Status.APPROVED})
        ),
        ModerationAction("not_spam", "Not spam", "moved back to pending", frozenset({Status.SPAM})),
        ModerationAction("trash", "Trash", "moved to the trash", ALL - {Status.TRASH}),
        ModerationAction("restore", "Restore", "restored", frozenset({Status.TRASH})),
    ]
}


def apply(action_name: str, comments: Iterable[Comment], user) -> list[Comment]:
    """Apply a moderation action to the comments it fits; return the ones changed."""
    action = ACTIONS[action_name]
    changed = []
    with transaction.atomic():
        for comment in comments:
            if comment.status not in action.from_statuses:
                continue
            new_status = action.new_status(comment)
            comment.status_before_trash = comment.status if action.name == "trash" else ""
            comment.status = new_status
            comment.rule = Rule.MODERATOR
            comment.save(update_fields=["status", "status_before_trash", "rule"])
            log(instance=comment, action=action.log_action, user=user)
            changed.append(comment)
    if changed:
        comment_moderated.send(Comment, comments=changed, action=action.name, user=user)
    return changed


def delete_permanently(comments: Iterable[Comment], user) -> int:
    """Delete comments (and their replies) for good, logging each before it goes."""
    comments = list(comments)
    with transaction.atomic():
        for comment in comments:
            log(instance=comment, action="reader_comments.delete", user=user)
        Comment.objects.filter(pk__in=[comment.pk for comment in comments]).delete()
    return len(comments)


def staff_reply(parent: Comment, body: str, user) -> Comment:
    """Publish a reply from the admin, marked as staff, under the moderator's name."""
    name = (user.get_full_name() or user.get_username()).strip()
    with transaction.atomic():
        reply = Comment.objects.create(
            page_id=parent.page_id,
            parent=parent,
            name=name[:100],
            email=user.email or "",
            body=body.strip(),
            status=Status.APPROVED,
            rule=Rule.STAFF,
            is_staff_reply=True,
            user=user,
        )
        log(instance=reply, action="reader_comments.reply", user=user)
    return reply
