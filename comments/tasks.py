"""Background work for comments, through Django's tasks framework (django-tasks)."""

import logging
import smtplib
from datetime import timedelta

from django_tasks import default_task_backend, task

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.utils import get_admin_base_url

from .models import Comment, CommentSettings

logger = logging.getLogger(__name__)

MODERATE_PERMISSION = "reader_comments.moderate_comment"
# When the mail server is down, try again after these waits, then give up (logged).
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1))


def moderator_emails() -> set[str]:
    # Group permissions live in Django's model backend (axes only guards logins).
    users = get_user_model().objects.with_perm(
        MODERATE_PERMISSION,
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return {user.email for user in users.filter(is_active=True) if user.email}


def mail_base_url(site, served_at: str = "") -> str:
    """Where links in a mail point: ``HELIX_BASE_URL``, else the address the comment was
    posted to (``served_at``), else the Wagtail site's root URL."""
    return (
        settings.HELIX_BASE_URL or served_at or (site.root_url if site else get_admin_base_url())
    ).rstrip("/")


def retry_later(comment_id: int, attempt: int, base_url: str = "") -> bool:
    """Queue another attempt after the next delay; False when there is none to make."""
    if attempt > len(RETRY_DELAYS) or not default_task_backend.supports_defer:
        logger.error("Giving up e-mailing moderators about comment %s.", comment_id)
        return False
    run_after = timezone.now() + RETRY_DELAYS[attempt - 1]
    notify_moderators.using(run_after=run_after).enqueue(comment_id, attempt + 1, base_url)
    return True


@task()
def notify_moderators(comment_id: int, attempt: int = 1, base_url: str = "") -> int:
    """E-mail the moderators (and the page owner if the site says so) about a pending comment.

    Returns how many addresses were mailed. A failure here leaves the comment
    as it is, pending in the admin; the task backend records the error.
    """
    comment = Comment.objects.select_related("page", "page__owner").filter(pk=comment_id).first()
    if comment is None:
        return 0
    recipients = moderator_emails()
    site = comment.page.get_site()
    rules = CommentSettings.for_site(site) if site else None
    owner = comment.page.owner
    if rules and rules.notify_page_owner and owner and owner.is_active and owner.email:
        recipients.add(owner.email)
    if not recipients:
        return 0
    base = mail_base_url(site, base_url)
    page_path = (comment.page.relative_url(site) if site else "") or ""
    context = {
        "comment": comment,
        "page": comment.page,
        "page_url": page_path if "://" in page_path else base + page_path,
        "moderation_url": base + reverse("comment_moderation:list") + "?status=pending",
        "inspect_url": base + reverse("comment_moderation:inspect", args=[comment.pk]),
    }
    subject = f"New comment awaiting moderation on “{comment.page.title}”"
    body = render_to_string("comments/emails/new_comment.txt", context)
    try:
        send_mail(subject, body, None, sorted(recipients))
    except (OSError, smtplib.SMTPException):
        # The comment is safe in the database; the worker tries the mail again later.
        logger.warning(
            "Mail to moderators failed (attempt %s) for comment %s.", attempt, comment_id
        )
        retry_later(comment_id, attempt, base_url)
        raise
    return len(recipients)
