import pytest

from articles.factories import ArticleIndexPageFactory


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home)


@pytest.fixture
def page_templates():
    """Article pages render through the real article template."""
