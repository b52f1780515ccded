"""Readers' data rights: export and erase everything one address wrote; forget old IPs."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from .models import Comment

DEFAULT_IP_RETENTION_DAYS = 30


def export_comments(email: str) -> list[dict]:
    """Every comment by ``email`` (any status), oldest first, as JSON-ready dicts."""
    comments = Comment.objects.by_email(email).select_related("page").order_by("created", "pk")
    return [
        {
            "id": comment.pk,
            "page": comment.page.title,
            "page_url": comment.page.full_url,
            "in_reply_to": comment.parent_id,
            "name": comment.name,
            "email": comment.email,
            "website": comment.url,
            "comment": comment.body,
            "status": comment.status,
            "created": comment.created.isoformat(),
            "ip_address": comment.ip_address,
            "user_agent": comment.user_agent,
        }
        for comment in comments
    ]


def erase_comments(email: str, user=None) -> int:
    """Delete every comment by ``email``, replies to them included; return how many."""
    with transaction.atomic():
        comments = list(Comment.objects.by_email(email).select_related("page"))
        for comment in comments:
            log(instance=comment, action="reader_comments.erase", user=user)
        deleted, _ = Comment.objects.filter(pk__in=[c.pk for c in comments]).delete()
    return deleted


def ip_retention_days() -> int:
    return getattr(settings, "HELIX_COMMENT_IP_RETENTION_DAYS", DEFAULT_IP_RETENTION_DAYS)


def clear_old_ips(days: int | None = None, now=None) -> int:
    """Blank the IP address and user agent of comments older than ``days``; return how many."""
    days = ip_retention_days() if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Comment.objects.filter(created__lt=cutoff).exclude(ip_address=None, user_agent="")
    return old.update(ip_address=None, user_agent="")
