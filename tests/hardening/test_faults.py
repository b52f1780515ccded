"""Faults a reader must not notice, or must see as a clean "back in a moment" page."""

import logging
import time

import pytest

from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.test import Client, override_settings
from django.urls import reverse

from helix.models import HomePage
from helix.settings.base import cache_config
from tests.hardening.checks import assert_security_headers

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every Redis call fails at once with "connection refused".
REDIS_DOWN = {"default": cache_config("redis://127.0.0.1:1/0")}


@override_settings(CACHES=REDIS_DOWN)
def test_readers_are_served_when_redis_is_down(home, parse, caplog):
    with caplog.at_level(logging.ERROR, logger="django_redis.cache"):
        response = Client().get("/")
        assert cache.get("anything") is None, "an outage reads as a cache miss"
        cache.set("anything", 1)  # and a write is dropped, not raised
    assert response.status_code == 200
    assert parse(response).find("h1").get_text(strip=True) == "Helix"
    assert any("Connection refused" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


@pytest.fixture
def unraised_client():
    """A client that returns the error page instead of re-raising the view's exception."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "error",
    [OperationalError("server closed the connection unexpectedly"), InterfaceError("closed")],
    ids=["operational-error", "interface-error"],
)
def test_database_outage_in_a_page_is_a_clean_503(unraised_client, home, parse, monkeypatch, error):
    def database_gone(*args, **kwargs):
        raise error

    monkeypatch.setattr(HomePage, "serve", database_gone)
    response = unraised_client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    soup = parse(response)
    assert soup.find("h1").get_text(strip=True) == "Back in a moment"
    assert soup.find("link", rel="stylesheet") is None, "self-contained: no other request"
    assert_security_headers(response)


def test_database_outage_in_a_middleware_is_a_clean_503(unraised_client, home, monkeypatch):
    """An outage before any view runs (the redirects middleware on a 404) is a 503 too."""
    from wagtail.contrib.redirects import middleware

    def database_gone(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(middleware, "get_redirect", database_gone)
    response = unraised_client.get("/no-such-page/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_other_errors_stay_a_500_with_the_plain_error_page(
    unraised_client, home, parse, monkeypatch
):
    def bug(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(HomePage, "serve", bug)
    response = unraised_client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert parse(response).find("h1").get_text(strip=True) == "Something went wrong"
    assert_security_headers(response)


@override_settings(CACHES=REDIS_DOWN)
def test_comments_are_accepted_and_held_when_redis_is_down(site, caplog):
    """The flood check cannot count: the comment is kept for a moderator, and the log says so."""
    from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
    from comments.forms import make_token
    from comments.models import Comment, CommentSettings, Rule, Status

    home = site.root_page
    # Comments would be published at once, but for the outage.
    CommentSettings.objects.update_or_create(site=site, defaults={"hold_all": False})
    article = ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home))
    with caplog.at_level(logging.ERROR):
        response = Client().post(
            reverse("comments:post", args=[article.pk]),
            {
                "name": "Ada Reader",
                "email": "ada@example.com",
                "body": "Posted while the cache is down.",
                "token": make_token(article, issued_at=time.time() - 60),
            },
            headers={"Accept": "application/json"},
        )
    assert response.status_code == 201, response.content
    assert response.json()["message"] == "Your comment is awaiting moderation."
    comment = Comment.objects.get()
    assert (comment.status, comment.rule) == (Status.PENDING, Rule.FLOOD_CHECK_UNAVAILABLE)
    assert comment.body == "Posted while the cache is down."
    assert "Comment flood check unavailable" in caplog.text
