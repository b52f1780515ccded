"""The comment thread and form are rendered once and kept, yet every reader gets their own.

``comments/templatetags/comment_tags.py`` keeps a page of the thread (for
readers with no comment awaiting moderation) and the unbound form (with
stand-ins for the CSRF and form tokens). Each case runs with the anonymous page
cache off and on, reading every page twice so that what can be cached is.
"""

import pytest

from django.core import signing
from django.test import Client

from articles.factories import ArticlePageFactory
from comments.factories import CommentFactory
from comments.forms import TOKEN_SALT, make_token
from comments.models import Comment, CommentSettings, Status
from tests.comments.conftest import form_data, post_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(index):
    return ArticlePageFactory(parent=index)


@pytest.fixture
def read(page_cache, parse):
    """``read(url, client)``: the page that client sees, after a first request cached it."""

    def _read(url, client=None):
        client = client or Client()
        client.get(url)
        response = client.get(url)
        assert response.status_code == 200
        return parse(response)

    return _read


def shown_ids(soup) -> list[int]:
    return [int(item["id"].removeprefix("comment-")) for item in soup.select("li.comment")]


def heading(soup) -> str:
    return soup.select_one("#comments-title").get_text(strip=True)


def test_approving_and_hiding_comments_show_at_once(read, article):
    pending = CommentFactory(page=article, status=Status.PENDING)
    assert shown_ids(read(article.url)) == []
    pending.status = Status.APPROVED
    pending.save()
    soup = read(article.url)
    assert shown_ids(soup) == [pending.pk]
    assert heading(soup) == "1 comment"
    pending.status = Status.SPAM
    pending.save()
    soup = read(article.url)
    assert shown_ids(soup) == []
    assert heading(soup) == "Comments"


def test_a_pending_comment_is_shown_to_its_author_alone(read, article):
    stranger, author = Client(), Client()
    assert shown_ids(read(article.url, stranger)) == []  # the thread is now cached
    assert author.post(post_url(article), form_data(article)).status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert shown_ids(read(article.url, author)) == [comment.pk]
    assert shown_ids(read(article.url, stranger)) == []
    assert shown_ids(read(article.url, Client())) == []


def test_reply_links_follow_the_configured_depth(read, article, site):
    top = CommentFactory(page=article)
    reply = CommentFactory(page=article, parent=top, depth=2)

    def reply_links(soup) -> list[str]:
        return [link["data-comment-reply"] for link in soup.select("[data-comment-reply]")]

    assert reply_links(read(article.url)) == [str(top.pk), str(reply.pk)]
    rules = CommentSettings.for_site(site)
    rules.max_depth = 2
    rules.save()
    assert reply_links(read(article.url)) == [str(top.pk)]


def test_a_reply_link_preselects_its_comment_and_the_plain_form_stays_plain(read, article):
    top = CommentFactory(page=article)

    def parent_field(soup) -> str:
        return soup.select_one("form[data-comment-form] input[name=parent]").get("value", "")

    assert parent_field(read(article.url)) == ""
    assert parent_field(read(f"{article.url}?replytocom={top.pk}")) == str(top.pk)
    assert parent_field(read(article.url)) == ""
    assert parent_field(read(f"{article.url}?replytocom=%C2%B2")) == ""  # "²" is no id


@pytest.mark.parametrize("kept", [False, True], ids=["page-cache-off", "page-cache-on"])
def test_each_form_carries_a_token_issued_for_its_request(
    client, parse, article, monkeypatch, settings, kept
):
    """Each reader's form gets a token issued for it: a kept page's too (a placeholder)."""
    settings.HELIX_PAGE_CACHE = kept
    clock = iter(range(1_900_000_000, 1_900_001_000, 100))
    monkeypatch.setattr(
        "comments.forms.make_token",
        lambda page, issued_at=None: make_token(page, issued_at=next(clock)),
    )

    def issued_at() -> int:
        soup = parse(client.get(article.url))
        token = soup.select_one("form[data-comment-form] input[name=token]")["value"]
        payload = signing.loads(token, salt=TOKEN_SALT)
        assert payload["page"] == article.pk
        return payload["ts"]

    assert [issued_at(), issued_at(), issued_at()] == [1_900_000_000, 1_900_000_100, 1_900_000_200]
    if kept:
        assert client.get(article.url)["X-Helix-Cache"] == "hit"
