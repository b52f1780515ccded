"""A reader's comment waits for a moderator, who approves it in the admin; then everyone sees it."""

import re

import feedparser
import pytest
from playwright.sync_api import expect

from django.urls import NoReverseMatch, reverse

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory, AuthorFactory
from comments.models import Comment, Status
from editorial import roles
from editorial.factories import UserFactory
from tests.browser.helpers import log_in, wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMMENT = "Does the infusion need to be repeated after some years?"


def post_comment(reader, url: str) -> None:
    """Fill in the form like a person and send it once the anti-robot minimum has passed."""
    reader.goto(url)
    form = reader.locator("form[data-comment-form]")
    form.get_by_label("Name").fill("Lucía Gómez")
    form.get_by_label("E-mail").fill("lucia@example.org")
    form.get_by_label("Comment").fill(COMMENT)
    form.get_by_role("button", name="Post comment").click()


def approve_in_admin(moderator, base_url: str, comment: Comment) -> None:
    moderator.goto(base_url + "/admin/comments/?status=pending")
    row = moderator.locator("tr", has_text=COMMENT)
    row.get_by_role("checkbox", name="Select").check()
    moderator.get_by_role("link", name="Approve the selected comments", exact=True).click()
    expect(moderator.locator("main")).to_contain_text("Approve 1 comment?")
    moderator.get_by_role("button", name="Approve").click()
    expect(moderator.locator(".messages")).to_contain_text("1 comment approved.")
    wait_until(
        lambda: Comment.objects.filter(pk=comment.pk, status=Status.APPROVED).exists(),
        "the moderator's approval was not saved",
    )


def comments_feed_url() -> str | None:
    """The site-wide comments feed, on branches that have one (``feeds:comments-rss``)."""
    try:
        return reverse("feeds:comments-rss")
    except NoReverseMatch:
        return None


def test_reader_comment_awaits_moderation_then_moderator_approves_it(
    browser_context, live_server, home, monkeypatch
):
    # The live server runs in this process: no anti-robot minimum to wait out (the
    # minimum itself is tested in tests/comments), so the test never sleeps.
    monkeypatch.setattr("comments.forms.TOKEN_MIN_AGE", 0)
    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True),
        title="Gene therapy for haemophilia B",
        authors=[AuthorFactory()],
        revision=True,
    )
    UserFactory(username="molly", groups=[roles.COMMENT_MODERATORS])
    page_url = live_server.url + article.url

    reader = browser_context.new_page()
    post_comment(reader, page_url)
    comments = reader.locator("#comments")
    expect(comments.locator("[data-comments-notices]")).to_have_text(
        "Your comment is awaiting moderation."
    )
    # The reader sees their own comment, marked as pending; the page says no more.
    mine = comments.locator(".comment", has_text=COMMENT)
    expect(mine).to_contain_text("Your comment is awaiting moderation. Only you can see it.")
    comment = Comment.objects.get(body=COMMENT)
    assert comment.status == Status.PENDING

    browser_context.clear_cookies()
    stranger = browser_context.new_page()
    stranger.goto(page_url)
    expect(stranger.locator("#comments")).not_to_contain_text(COMMENT)

    moderator = browser_context.new_page()
    log_in(moderator, live_server.url, "molly")
    approve_in_admin(moderator, live_server.url, comment)

    browser_context.clear_cookies()
    stranger.goto(page_url)
    published = stranger.locator("#comments")
    expect(published.locator("#comments-title")).to_have_text("1 comment")
    expect(published.locator(f"#comment-{comment.pk}")).to_contain_text(COMMENT)
    expect(published.locator(f"#comment-{comment.pk} .comment__author")).to_have_text("Lucía Gómez")
    expect(published).not_to_contain_text("awaiting moderation")

    feed_url = comments_feed_url()
    if feed_url is not None:
        feed = feedparser.parse(stranger.request.get(live_server.url + feed_url).body())
        assert any(COMMENT in entry.get("summary", "") for entry in feed.entries), feed.entries


def test_moderator_approves_then_replies_from_the_rows(browser_context, live_server, home):
    """WordPress-quick: one click on the row approves; the row's Reply link answers."""
    from comments.factories import CommentFactory

    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True),
        title="Gene therapy for haemophilia B",
        authors=[AuthorFactory()],
        revision=True,
    )
    UserFactory(
        username="molly", groups=[roles.COMMENT_MODERATORS], first_name="Molly", last_name="Mod"
    )
    question = CommentFactory(page=article, status=Status.PENDING, name="Lucía Gómez", body=COMMENT)
    CommentFactory(page=article, status=Status.PENDING, body="Another question")

    moderator = browser_context.new_page()
    log_in(moderator, live_server.url, "molly")
    moderator.goto(live_server.url + "/admin/comments/?status=pending")
    row = moderator.locator("tr", has_text=COMMENT)
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(moderator.locator(".messages")).to_contain_text("Comment by Lucía Gómez approved.")
    expect(moderator).to_have_url(re.compile(r"/admin/comments/\?status=pending$"))
    expect(moderator.locator("tr", has_text=COMMENT)).to_have_count(0)
    expect(moderator.locator("tr", has_text="Another question")).to_have_count(1)

    moderator.goto(live_server.url + "/admin/comments/?status=approved")
    moderator.locator("tr", has_text=COMMENT).get_by_role("link", name="Reply").click()
    moderator.get_by_label("Reply").fill("It is given once.")
    moderator.get_by_role("button", name="Publish reply").click()
    expect(moderator.locator(".messages")).to_contain_text(
        "Your reply to Lucía Gómez is published."
    )

    reply = Comment.objects.get(parent=question)
    reader = browser_context.new_page()
    browser_context.clear_cookies()
    reader.goto(live_server.url + article.url)
    shown = reader.locator(f"#comment-{reply.pk}")
    expect(shown).to_contain_text("It is given once.")
    expect(shown.locator(".comment__badge")).to_have_text("Staff")
