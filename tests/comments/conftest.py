"""Helpers for the comments tests: article pages, signed form tokens, posting."""

import json
import time

import pytest

from django.core.cache import cache
from django.urls import reverse

from articles.models import ArticleIndexPage, ArticlePage
from comments.forms import make_token


@pytest.fixture(autouse=True)
def comment_test_setup():
    cache.clear()
    yield
    cache.clear()


def make_article(parent, title="Gene therapy for haemophilia B", **kwargs):
    page = ArticlePage(
        title=title,
        standfirst="What a single infusion changes.",
        body=json.dumps([{"type": "paragraph", "value": "<p>Body text.</p>"}]),
        **kwargs,
    )
    parent.add_child(instance=page)
    return page


@pytest.fixture
def article_index(home):
    index = ArticleIndexPage(title="Articles", slug="articles")
    home.add_child(instance=index)
    return index


@pytest.fixture
def article(article_index):
    return make_article(article_index)


def form_data(page, **overrides) -> dict:
    """A filled-in form whose token was issued a minute ago (past the 3-second minimum)."""
    data = {
        "name": "Ada Reader",
        "email": "ada@example.com",
        "url": "",
        "body": "A thoughtful comment.",
        "parent": "",
        "token": make_token(page, issued_at=time.time() - 60),
        "contact_number": "",
    }
    data.update(overrides)
    return data


def post_url(page) -> str:
    return reverse("comments:post", args=[page.pk])


@pytest.fixture
def post(client):
    """Post a comment form for ``page`` (overrides replace fields) from ``client``."""

    def _post(page, client=client, **overrides):
        extra = overrides.pop("extra", {})
        return client.post(post_url(page), form_data(page, **overrides), **extra)

    return _post
