"""New pending comments e-mail the moderators, through the tasks framework."""

import pytest

from django.contrib.auth.models import Group
from django.core import mail

from comments.models import Comment, CommentSettings, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderators(django_user_model):
    group = Group.objects.get(name="Comment moderators")
    users = [
        django_user_model.objects.create_user("m1", "m1@helix.example", "pw"),
        django_user_model.objects.create_user("m2", "m2@helix.example", "pw"),
        django_user_model.objects.create_user("quiet", "", "pw"),
    ]
    for user in users:
        user.groups.add(group)
    django_user_model.objects.create_user("reader", "reader@helix.example", "pw")
    return users


def test_a_pending_comment_emails_the_moderators(article, post, moderators):
    post(article, body="Is this available in Spain?")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["m1@helix.example", "m2@helix.example"]
    assert article.title in message.subject
    assert "Is this available in Spain?" in message.body
    assert "/admin/comments/?status=pending" in message.body
    assert "ada@example.com" not in message.body


def test_the_page_owner_is_told_when_the_setting_says_so(
    article, post, moderators, site, django_user_model
):
    owner = django_user_model.objects.create_user("owner", "owner@helix.example", "pw")
    article.owner = owner
    article.save()
    post(article)
    assert "owner@helix.example" not in mail.outbox[0].to
    rules = CommentSettings.for_site(site)
    rules.notify_page_owner = True
    rules.save()  # as the admin saves it (settings are cached until saved)
    post(article, email="other@example.com", extra={"REMOTE_ADDR": "203.0.113.50"})
    assert "owner@helix.example" in mail.outbox[1].to


def test_approved_comments_send_no_mail(article, post, moderators, site):
    CommentSettings.objects.create(site=site, hold_all=False)
    post(article)
    assert Comment.objects.get().status == Status.APPROVED
    assert mail.outbox == []


def test_a_mail_failure_never_loses_the_comment(article, post, moderators, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr("comments.tasks.send_mail", broken)
    response = post(article)
    assert response.status_code == 302
    assert Comment.objects.get().status == Status.PENDING


def test_a_task_queue_failure_never_loses_the_comment(
    article, post, moderators, monkeypatch, caplog
):
    class BrokenQueue:
        def enqueue(self, *args, **kwargs):
            raise RuntimeError("queue is down")

    monkeypatch.setattr("comments.tasks.notify_moderators", BrokenQueue())
    assert post(article).status_code == 302
    assert Comment.objects.count() == 1
    assert "Could not queue the moderation e-mail" in caplog.text


class RefusingMailBackend:
    """An SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_mail_failure_is_retried_later_by_the_worker(article, moderators, settings):
    from django_tasks import default_task_backend

    from comments.factories import CommentFactory
    from comments.tasks import RETRY_DELAYS, notify_moderators

    settings.EMAIL_BACKEND = "tests.comments.test_notifications.RefusingMailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    comment = CommentFactory(page=article)
    default_task_backend.clear()
    with pytest.raises(ConnectionRefusedError):
        notify_moderators.call(comment.pk)
    (retry,) = default_task_backend.results
    assert retry.args == [comment.pk, 2, ""]  # attempt 2, the base URL kept
    assert retry.task.run_after is not None
    assert Comment.objects.filter(pk=comment.pk).exists(), "the comment is kept"

    default_task_backend.clear()
    with pytest.raises(ConnectionRefusedError):
        notify_moderators.call(comment.pk, len(RETRY_DELAYS) + 1)
    assert default_task_backend.results == [], "after the last delay it gives up"


def links_in(message) -> list[str]:
    import re

    return re.findall(r"https?://\S+", message.body)


def test_mail_links_use_the_address_the_comment_was_posted_to(article, post, moderators, settings):
    settings.HELIX_BASE_URL = ""
    post(article, extra={"HTTP_HOST": "127.0.0.1:8123"})  # the demo served on PORT=8123

    links = links_in(mail.outbox[0])
    comment = Comment.objects.get()
    assert links == [
        f"http://127.0.0.1:8123{article.url}",
        f"http://127.0.0.1:8123/admin/comments/inspect/{comment.pk}/",
        "http://127.0.0.1:8123/admin/comments/?status=pending",
    ]
    assert not any(":8000" in link for link in links)


def test_helix_base_url_wins_over_the_request(article, post, moderators, settings):
    settings.HELIX_BASE_URL = "https://helix.example.org"
    post(article, extra={"HTTP_HOST": "127.0.0.1:8123"})
    assert all(link.startswith("https://helix.example.org/") for link in links_in(mail.outbox[0]))


def test_a_mail_queued_without_a_request_links_to_the_site_root(
    article, moderators, site, settings
):
    from comments.factories import CommentFactory
    from comments.tasks import notify_moderators

    settings.HELIX_BASE_URL = ""
    site.hostname, site.port = "helix.test", 8443
    site.save()
    comment = CommentFactory(page=article, status=Status.PENDING)
    notify_moderators.call(comment.pk)
    assert all(link.startswith("http://helix.test:8443/") for link in links_in(mail.outbox[0]))
