"""Fixtures for article tests: an article index under the home page."""

import pytest

from articles.factories import ArticleIndexPageFactory


@pytest.fixture
def index(home):
    return ArticleIndexPageFactory(parent=home)
