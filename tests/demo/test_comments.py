"""The demo comments: a thread with a staff reply and one pending comment, once."""

import pytest

from comments.models import Comment, Status
from demo import builders

pytestmark = pytest.mark.django_db


def test_comments_are_skipped_silently_without_an_article(home, content):
    assert builders.comments(content["comments"]) == []
    assert not Comment.objects.exists()


def test_the_thread_is_made_once_on_the_first_article(loaded, content):
    from articles.models import ArticlePage

    article = ArticlePage.objects.live().order_by("pk").first()
    thread = content["comments"]["thread"]
    assert Comment.objects.filter(page=article).count() == len(thread)
    assert builders.comments(content["comments"]) == list(Comment.objects.order_by("pk"))
    assert Comment.objects.count() == len(thread)
    assert Comment.objects.filter(page=article).awaiting_moderation().count() == 1
    staff = Comment.objects.get(is_staff_reply=True)
    assert staff.status == Status.APPROVED
    assert staff.parent.parent is None
    assert Comment.objects.filter(parent=staff).exists()
    assert article.title in loaded
