import pytest

from tests.sources.factories import ArticleIndexPageFactory


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
def page_templates(settings):
    """Render ArticlePage with a minimal stand-in template (the articles app owns the real one)."""
    from pathlib import Path

    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [Path(__file__).parent / "templates", *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
