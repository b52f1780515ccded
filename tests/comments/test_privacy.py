"""Readers' data: export and erase by e-mail address, and IP addresses forgotten in time."""

import json
from datetime import timedelta
from io import StringIO

import pytest

from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from comments.factories import CommentFactory
from comments.models import Comment, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers_comments(article):
    mine = [
        CommentFactory(
            page=article, email="ada@example.com", body="First", ip_address="203.0.113.1"
        ),
        CommentFactory(page=article, email="ADA@example.com", status=Status.SPAM, body="Second"),
    ]
    CommentFactory(page=article, parent=mine[0], email="bob@example.com", body="A reply to Ada")
    theirs = CommentFactory(page=article, email="carol@example.com", body="Someone else")
    return mine, theirs


def test_export_command_prints_every_comment_of_the_address(readers_comments):
    out, err = StringIO(), StringIO()
    call_command("export_comments", "ada@example.com", stdout=out, stderr=err)
    data = json.loads(out.getvalue())
    assert [c["comment"] for c in data["comments"]] == ["First", "Second"]
    assert data["comments"][0]["ip_address"] == "203.0.113.1"
    assert data["comments"][1]["status"] == "spam"
    assert data["comments"][0]["page_url"].startswith("http://")
    assert "Exported 2 comments." in err.getvalue()


def test_erase_command_deletes_the_address_and_replies_to_it(readers_comments):
    mine, theirs = readers_comments
    out = StringIO()
    call_command("erase_comments", "ada@example.com", "--yes", stdout=out)
    assert list(Comment.objects.all()) == [theirs]
    assert "Erased 3 comments by ada@example.com." in out.getvalue()
    assert ModelLogEntry.objects.filter(action="reader_comments.erase").count() == 2


def test_erase_command_asks_first(readers_comments, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="Nothing erased"):
        call_command("erase_comments", "ada@example.com", stdout=StringIO())
    assert Comment.objects.count() == 4


def test_erase_command_refuses_a_non_address(readers_comments):
    with pytest.raises(CommandError, match="not an e-mail address"):
        call_command("erase_comments", "ada", "--yes", stdout=StringIO())


def test_erase_command_with_nothing_to_erase(article):
    out = StringIO()
    call_command("erase_comments", "nobody@example.com", "--yes", stdout=out)
    assert out.getvalue().strip() == "No comments by nobody@example.com."


@pytest.fixture
def mod_client(client, django_user_model):
    user = django_user_model.objects.create_user("mod", "mod@helix.example", "pw")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    client.force_login(user)
    return client


def test_admin_export_downloads_json(mod_client, readers_comments):
    url = reverse("comment_moderation:privacy")
    assert mod_client.get(url).status_code == 200
    response = mod_client.post(url, {"email": "ada@example.com", "action": "export"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert len(json.loads(response.content)["comments"]) == 2
    assert ModelLogEntry.objects.filter(action="reader_comments.export").count() == 2


def test_admin_erase_needs_confirmation(mod_client, readers_comments, parse):
    url = reverse("comment_moderation:privacy")
    response = mod_client.post(url, {"email": "ada@example.com", "action": "erase"})
    assert response.status_code == 200
    assert "Tick this box" in response.content.decode()
    assert Comment.objects.count() == 4
    response = mod_client.post(
        url, {"email": "ada@example.com", "action": "erase", "confirm": "on"}, follow=True
    )
    assert "Erased 3 comments." in response.content.decode()
    assert Comment.objects.count() == 1


def test_old_ip_addresses_are_cleared(article):
    now = timezone.now()
    old = CommentFactory(
        page=article, ip_address="203.0.113.1", user_agent="UA", created=now - timedelta(days=31)
    )
    recent = CommentFactory(
        page=article, ip_address="203.0.113.2", user_agent="UA", created=now - timedelta(days=29)
    )
    out = StringIO()
    call_command("clear_comment_ips", stdout=out)
    assert out.getvalue().strip() == "Cleared the IP address of 1 comment older than 30 days."
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert recent.ip_address == "203.0.113.2"
    out = StringIO()
    call_command("clear_comment_ips", "--days", "7", stdout=out)
    assert "Cleared the IP address of 1 comment older than 7 days." in out.getvalue()
    recent.refresh_from_db()
    assert recent.ip_address is None
