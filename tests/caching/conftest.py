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


@pytest.fixture(params=[False, True], ids=["page-cache-off", "page-cache-on"])
def page_cache(request, settings):
    """Run a test twice: what a reader sees must not depend on the page cache."""
    settings.HELIX_PAGE_CACHE = request.param
    return request.param
