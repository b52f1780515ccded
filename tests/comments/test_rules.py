"""The discussion rules of CommentSettings, each deciding a status and recording itself."""

import pytest

from django.test import Client

from comments.factories import CommentFactory
from comments.models import Comment, CommentSettings, Rule, Status
from comments.moderation import CommentModerator, get_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(site):
    return CommentSettings.for_site(site)


def decide(rules, **fields):
    comment = Comment(
        name=fields.pop("name", "Ada"),
        email=fields.pop("email", "ada@example.com"),
        url=fields.pop("url", ""),
        body=fields.pop("body", "Hello"),
    )
    return get_moderator().decide(comment, rules)


def test_the_default_setting_names_helix_s_moderator():
    get_moderator.cache_clear()
    assert type(get_moderator()) is CommentModerator


def test_everything_is_held_by_default(rules):
    assert rules.hold_all is True
    assert decide(rules) == (Status.PENDING, Rule.HOLD_ALL)


def test_with_hold_all_off_comments_are_published(rules):
    rules.hold_all = False
    assert decide(rules) == (Status.APPROVED, Rule.OPEN)


def test_authors_with_an_approved_comment_are_approved_when_the_rule_is_on(rules, article):
    CommentFactory(page=article, email="Known@Example.com", status=Status.APPROVED)
    CommentFactory(page=article, email="held@example.com", status=Status.PENDING)
    assert decide(rules, email="known@example.com").status == Status.PENDING
    rules.approve_known_authors = True
    assert decide(rules, email="known@example.com") == (Status.APPROVED, Rule.KNOWN_AUTHOR)
    assert decide(rules, email="held@example.com") == (Status.PENDING, Rule.HOLD_ALL)


def test_comments_with_n_links_or_more_are_held(rules):
    rules.hold_all = False
    one = "See https://example.com/a"
    two = "See https://example.com/a and http://example.org/b"
    assert decide(rules, body=one).status == Status.APPROVED
    assert decide(rules, body=two) == (Status.PENDING, Rule.LINKS)
    rules.link_limit = 0
    assert decide(rules, body=two).status == Status.APPROVED


def test_links_hold_even_a_known_author(rules, article):
    CommentFactory(page=article, email="ada@example.com")
    rules.approve_known_authors = True
    body = "https://a.example https://b.example"
    assert decide(rules, body=body) == (Status.PENDING, Rule.LINKS)


def test_the_moderation_word_list_holds(rules):
    rules.hold_all = False
    rules.moderation_words = "miracle cure\n  casino \n"
    assert decide(rules, body="A MIRACLE CURE for all") == (Status.PENDING, Rule.MODERATION_WORDS)
    assert decide(rules, url="https://casino.example") == (Status.PENDING, Rule.MODERATION_WORDS)
    assert decide(rules, body="Measured results").status == Status.APPROVED


def test_the_disallowed_word_list_sends_to_spam(rules):
    rules.hold_all = False
    rules.moderation_words = "pills"
    rules.disallowed_words = "cheap pills"
    assert decide(rules, body="Buy CHEAP pills") == (Status.SPAM, Rule.DISALLOWED_WORDS)
    assert decide(rules, name="cheap pills shop") == (Status.SPAM, Rule.DISALLOWED_WORDS)


def test_the_decision_is_stored_with_the_posted_comment(article, post, rules):
    rules.disallowed_words = "casino"
    rules.save()
    response = post(article, body="Visit my casino")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.status, comment.rule) == (Status.SPAM, Rule.DISALLOWED_WORDS)


def test_an_auto_approved_comment_is_public_at_once(article, post, rules, client, parse):
    rules.hold_all = False
    rules.save()
    post(article, body="Published straight away")
    soup = parse(client.get(article.url))
    assert "Thank you: your comment is published." in soup.text
    assert "Published straight away" in parse(Client().get(article.url)).text


def test_a_custom_moderator_can_be_plugged_in(settings, rules):
    get_moderator.cache_clear()
    settings.HELIX_COMMENT_MODERATOR = "tests.comments.test_rules.NoLinksModerator"
    try:
        assert decide(rules, url="https://example.com") == (Status.PENDING, Rule.LINKS)
    finally:
        get_moderator.cache_clear()


class NoLinksModerator(CommentModerator):
    def decide(self, comment, rules):
        from comments.moderation import Decision

        if comment.url:
            return Decision(Status.PENDING, Rule.LINKS)
        return super().decide(comment, rules)
