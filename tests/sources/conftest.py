import pytest

from articles.factories import ArticleIndexPageFactory


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Formatted references are cached: each test starts cold."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_templates():
    """Article pages render through the real article template."""
