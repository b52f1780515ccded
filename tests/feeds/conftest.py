"""Fixtures for feed tests: index pages, body text, and a feed reader.

Pages come from the apps' factories with ``revision=True``: they go live the way
an editor's do (a revision is saved and published), so Wagtail's own dates
(first/last published) are set as in production.
"""

import feedparser
import pytest

from wagtail.rich_text import RichText

from articles.factories import ArticleIndexPageFactory
from therapies.factories import TherapyIndexPageFactory


def paragraph(html: str) -> list:
    return [("paragraph", RichText(html))]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True)


@pytest.fixture
def therapy_index(home):
    return TherapyIndexPageFactory(parent=home, show_in_menus=True, revision=True)


@pytest.fixture
def fetch_feed(client):
    """GET a feed URL and parse it; the response rides along as ``parsed.response``."""

    def _fetch(url: str, **headers):
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        parsed = feedparser.parse(response.content)
        parsed.response = response
        return parsed

    return _fetch
