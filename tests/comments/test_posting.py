"""Posting a comment from the public site: the happy path and every refusal."""

import time

import pytest

from django.test import Client

from articles.factories import ArticlePageFactory
from comments.forms import make_token
from comments.models import Comment, CommentSettings, Status

from .conftest import post_url

pytestmark = pytest.mark.django_db


def test_the_form_explains_itself(client, article, parse):
    soup = parse(client.get(article.url))
    form = soup.select_one("form[data-comment-form]")
    assert form["action"] == post_url(article)
    assert form["method"] == "post"
    assert "Required fields are marked" in form.get_text()
    assert "Your e-mail address will not be published" in form.get_text()
    assert form.find("input", {"name": "csrfmiddlewaretoken"})
    assert form.find("input", {"name": "token", "type": "hidden"})
    for name in ("name", "email", "url", "body"):
        field = form.find(attrs={"name": name})
        assert soup.find("label", attrs={"for": field["id"]}), name
    honeypot = form.find("input", {"name": "contact_number"})
    assert honeypot.find_parent(attrs={"aria-hidden": "true"})


def test_posting_without_javascript_holds_the_comment_and_says_so(client, article, post, parse):
    response = post(article)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#comment-{comment.pk}"
    assert comment.status == Status.PENDING
    assert comment.rule == "hold-all"
    assert comment.page_id == article.pk

    soup = parse(client.get(article.url))
    assert "Your comment is awaiting moderation." in soup.select_one("[data-comments-notices]").text
    own = soup.find(id=f"comment-{comment.pk}")
    assert own is not None
    assert "awaiting moderation" in own.text


def test_a_pending_comment_is_seen_by_its_author_only(article, post, parse):
    author = Client()
    post(article, client=author)
    comment = Comment.objects.get()
    assert parse(author.get(article.url)).find(id=f"comment-{comment.pk}")
    stranger = parse(Client().get(article.url))
    assert stranger.find(id=f"comment-{comment.pk}") is None
    assert "A thoughtful comment." not in stranger.text


def test_posting_with_javascript_gets_json_and_the_rendered_comment(article, post):
    response = post(article, extra={"HTTP_ACCEPT": "application/json"})
    assert response.status_code == 201
    data = response.json()
    assert data["message"] == "Your comment is awaiting moderation."
    assert data["status"] == "pending"
    assert f'id="comment-{data["id"]}"' in data["html"]


def test_the_form_only_posts_with_a_csrf_token(article):
    client = Client(enforce_csrf_checks=True)
    from .conftest import form_data

    response = client.post(post_url(article), form_data(article))
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "",
        # signed for another page
        None,
    ],
)
def test_a_tampered_token_is_refused_and_nothing_written(article, article_index, post, token):
    if token is None:
        other = ArticlePageFactory(parent=article_index, title="Another article")
        token = make_token(other, issued_at=time.time() - 60)
    response = post(article, token=token)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_token_with_its_timestamp_edited_is_refused(article, post):
    token = make_token(article, issued_at=time.time() - 60)
    payload, rest = token.split(":", 1)
    response = post(article, token=payload[:-2] + "AA:" + rest)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_form_older_than_two_hours_is_refused(article, post, parse):
    stale = make_token(article, issued_at=time.time() - 2 * 60 * 60 - 5)
    response = post(article, token=stale)
    assert response.status_code == 400
    assert "expired" in parse(response).text
    assert not Comment.objects.exists()


def test_a_form_sent_back_within_three_seconds_is_refused(client, article, parse):
    page = parse(client.get(article.url))
    data = {field["name"]: field.get("value", "") for field in page.select("form input")}
    data.update(name="Bot", email="bot@example.com", body="Fast")
    response = client.post(post_url(article), data)
    assert response.status_code == 400
    assert "too quick" in parse(response).text
    assert not Comment.objects.exists()


def test_the_refusal_page_offers_the_form_again_with_a_fresh_token(article, post, parse):
    stale = make_token(article, issued_at=time.time() - 3 * 60 * 60)
    soup = parse(post(article, token=stale, body="Keep my words"))
    form = soup.select_one("form[data-comment-form]")
    assert form.find("textarea").text.strip() == "Keep my words"
    assert form.find("input", {"name": "token"})["value"] != stale


def test_the_honeypot_catches_robots(article, post):
    response = post(article, contact_number="+1 555 0100")
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"), [("name", 100), ("email", 254), ("url", 200), ("body", 5000)]
)
def test_length_caps(article, post, field, limit):
    too_long = {
        "name": "N" * (limit + 1),
        # valid in form (labels under 63 characters), one character too long
        "email": "a" * 60 + "@" + ".".join(["b" * 60] * 3) + "." + "c" * 7 + ".com",
        "url": "https://example.com/" + "p" * limit,
        "body": "B" * (limit + 1),
    }[field]
    assert len(too_long) > limit
    response = post(article, **{field: too_long})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_values_at_the_caps_are_accepted(article, post):
    response = post(article, name="N" * 100, body="B" * 5000, url="https://e.com/" + "p" * 186)
    assert response.status_code == 302
    assert len(Comment.objects.get().body) == 5000


def test_required_fields(article, post, parse):
    response = post(article, name="", email="not-an-email", body="  ")
    assert response.status_code == 400
    assert len(parse(response).select(".comments__problem li")) == 3
    assert not Comment.objects.exists()


def test_only_http_websites_are_accepted(article, post):
    assert post(article, url="javascript:alert(1)").status_code == 400
    assert not Comment.objects.exists()


def test_control_characters_are_stripped(article, post):
    post(article, name="Ada\x00 Reader\x1b", body="Line one\x0b\r\nLine two\x7f\ttab")
    comment = Comment.objects.get()
    assert comment.name == "Ada Reader"
    assert comment.body == "Line one\nLine two\ttab"


def test_comments_closed_on_the_page(article, post, client, parse):
    article.comments_open = False
    article.save_revision().publish()
    response = post(article)
    assert response.status_code == 403
    assert "Comments are closed" in parse(response).text
    assert not Comment.objects.exists()
    soup = parse(client.get(article.url))
    assert soup.select_one("form[data-comment-form]") is None
    assert "Comments are closed on this page." in soup.text


def test_comments_close_after_n_days(article, post, site):
    from datetime import timedelta

    from django.utils import timezone

    rules = CommentSettings.for_site(site)
    rules.close_after_days = 30
    rules.save()
    article.first_published = timezone.now() - timedelta(days=31)
    article.save_revision().publish()
    assert post(article).status_code == 403
    article.first_published = timezone.now() - timedelta(days=29)
    article.save_revision().publish()
    assert post(article).status_code == 302


def test_drafts_and_private_pages_take_no_comments(article, post):
    article.unpublish()
    assert post(article).status_code == 404
    assert not Comment.objects.exists()


def test_pages_that_are_not_commentable_take_no_comments(home, post):
    assert post(home).status_code == 404


def test_only_get_is_refused(client, article):
    assert client.get(post_url(article)).status_code == 405


def test_replies_nest_to_the_configured_depth(article, post, site, parse, client):
    from comments.factories import CommentFactory

    rules = CommentSettings.for_site(site)
    rules.max_depth = 2
    rules.save()
    top = CommentFactory(page=article)
    assert post(article, parent=str(top.pk), email="r1@example.com").status_code == 302
    reply = Comment.objects.get(parent=top)
    assert reply.depth == 2
    reply.status = Status.APPROVED
    reply.save()
    response = post(article, parent=str(reply.pk), email="r2@example.com")
    assert response.status_code == 400
    assert "deeper" in parse(response).text
    soup = parse(client.get(article.url))
    assert soup.find(attrs={"data-comment-reply": str(top.pk)})
    assert soup.find(attrs={"data-comment-reply": str(reply.pk)}) is None


def test_no_reply_to_a_hidden_comment_or_another_pages(article, article_index, post):
    from comments.factories import CommentFactory

    pending = CommentFactory(page=article, status=Status.PENDING)
    elsewhere = CommentFactory(page=ArticlePageFactory(parent=article_index, title="Other"))
    assert post(article, parent=str(pending.pk)).status_code == 400
    assert post(article, parent=str(elsewhere.pk), email="x@example.com").status_code == 400
    assert Comment.objects.count() == 2


def test_reply_link_preselects_the_parent_without_javascript(article, client, parse):
    from comments.factories import CommentFactory

    top = CommentFactory(page=article)
    soup = parse(client.get(f"{article.url}?replytocom={top.pk}"))
    form = soup.select_one("form[data-comment-form]")
    assert form.find("input", {"name": "parent"})["value"] == str(top.pk)
    assert not form.select_one("[data-comment-replying]").has_attr("hidden")


def test_errors_come_back_as_json_for_javascript(article, post):
    response = post(article, email="nope", extra={"HTTP_ACCEPT": "application/json"})
    assert response.status_code == 400
    assert response.json()["errors"]["email"][0]["message"] == "Enter a valid email address."
    assert not Comment.objects.exists()


def test_a_form_posts_one_comment(article, post, parse):
    token = make_token(article, issued_at=time.time() - 60)
    assert post(article, token=token).status_code == 302

    again = post(article, token=token, body="The same form, sent again", email="b@example.com")

    assert again.status_code == 400
    assert "already been sent" in parse(again).text
    # The refusal page's form carries a new token, and that one posts.
    retry = parse(again).select_one("form[data-comment-form]")
    assert retry.find("textarea").text.strip() == "The same form, sent again"
    assert retry.find("input", {"name": "token"})["value"] != token
    assert [c.body for c in Comment.objects.all()] == ["A thoughtful comment."]


def test_a_used_token_is_refused_by_every_server_and_every_browser(article, post):
    """Spent tokens are in the database: another process (no shared memory, an emptied
    cache) and another browser still refuse the token."""
    from django.core.cache import cache

    token = make_token(article, issued_at=time.time() - 60)
    post(article, token=token)
    cache.clear()

    response = post(article, client=Client(), token=token, email="other@example.com")

    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_with_javascript_the_form_gets_a_new_token_for_the_next_comment(article, post, monkeypatch):
    monkeypatch.setattr("comments.forms.TOKEN_MIN_AGE", 0)  # the next comment is sent at once

    def send(reader: int, **fields):
        # A reader per post, so the flood limits (one per 15 s) stay out of the way.
        extra = {"HTTP_ACCEPT": "application/json", "REMOTE_ADDR": f"192.0.2.{reader}"}
        return post(article, extra=extra, email=f"r{reader}@example.com", **fields)

    first = send(1)
    second = send(2, token=first.json()["token"])
    replayed = send(3, token=first.json()["token"])

    assert first.status_code == 201 and second.status_code == 201
    assert second.json()["token"] != first.json()["token"]
    assert replayed.status_code == 400
    assert "already been sent" in replayed.json()["errors"]["token"][0]["message"]
    assert Comment.objects.count() == 2


def test_spent_tokens_are_forgotten_once_they_would_have_expired(article, post):
    from datetime import timedelta

    from django.utils import timezone

    from comments.models import UsedFormToken

    post(article)
    UsedFormToken.objects.update(used_at=timezone.now() - timedelta(hours=2, seconds=1))
    post(article, email="b@example.com")

    assert UsedFormToken.objects.count() == 1


def test_two_posts_of_one_form_at_once_spend_its_token_once(article):
    """The check in the form and the record at save can interleave: the record decides."""
    from datetime import timedelta

    from comments.models import UsedFormToken

    lifetime = timedelta(hours=2)
    assert UsedFormToken.objects.spend("a1b2c3", lifetime) is True
    assert UsedFormToken.objects.spend("a1b2c3", lifetime) is False


def test_readers_of_a_kept_page_each_get_a_form_that_posts(article, parse, monkeypatch):
    """The page cache fills the token in per reader (caching/placeholders.py): two readers
    served the same kept copy hold different forms, and each posts its comment."""
    monkeypatch.setattr("comments.forms.TOKEN_MIN_AGE", 0)
    readers = [Client(REMOTE_ADDR=f"192.0.2.{n}") for n in (1, 2)]
    forms = []
    for reader in readers:
        response = reader.get(article.url)
        form = parse(response).select_one("form[data-comment-form]")
        forms.append({field["name"]: field.get("value", "") for field in form.select("input")})
    assert reader.get(article.url)["X-Helix-Cache"] == "hit"
    assert forms[0]["token"] != forms[1]["token"]

    for number, (reader, data) in enumerate(zip(readers, forms, strict=True)):
        data.update(name="Reader", email=f"r{number}@example.com", body=f"Comment {number}")
        assert reader.post(post_url(article), data).status_code == 302

    assert sorted(c.body for c in Comment.objects.all()) == ["Comment 0", "Comment 1"]
