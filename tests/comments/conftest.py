"""Fixtures for the comments tests: an article page, signed form tokens, posting."""

import time

import pytest

from django.core.cache import cache
from django.urls import reverse

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from comments.forms import make_token


@pytest.fixture(autouse=True)
def comment_test_setup():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home)


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="Gene therapy for haemophilia B")


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
