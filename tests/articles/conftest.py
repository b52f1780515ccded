"""Fixtures for article tests: an article index under the home page."""

import pytest

from articles.factories import ArticleIndexPageFactory
from therapies.factories import TherapyIndexPageFactory


@pytest.fixture
def index(home):
    return ArticleIndexPageFactory(parent=home)


@pytest.fixture
def therapy_index(home):
    return TherapyIndexPageFactory(parent=home)
