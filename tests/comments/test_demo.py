"""The comments demo loader: a thread with a staff reply and one pending comment, once."""

import pytest

from comments import demo
from comments.models import Comment, Status

pytestmark = pytest.mark.django_db


def test_the_loader_skips_silently_without_an_article(home):
    assert demo.load() == []
    assert not Comment.objects.exists()


def test_the_loader_is_idempotent(article):
    from io import StringIO

    out = StringIO()
    first = demo.load(stdout=out)
    assert demo.load() == first
    assert Comment.objects.count() == len(demo.THREAD)
    assert Comment.objects.filter(page=article).awaiting_moderation().count() == 1
    staff = Comment.objects.get(is_staff_reply=True)
    assert staff.status == Status.APPROVED
    assert staff.parent.parent is None
    assert Comment.objects.filter(parent=staff).exists()
    assert article.title in out.getvalue()


def test_the_demo_settings_list_the_loader_last(settings):
    assert settings.HELIX_DEMO_LOADERS[-1] == "comments.demo.load"
