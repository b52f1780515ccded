"""Fixtures for the cache tests: the page cache on, and an article index to fill."""

import pytest

from articles.factories import ArticleIndexPageFactory


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """Test settings keep the page cache off so other tests measure real rendering."""
    settings.HELIX_PAGE_CACHE = True


@pytest.fixture
def index(home):
    return ArticleIndexPageFactory(parent=home)
