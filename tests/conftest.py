"""Fixtures every test package shares: a site whose root is a Helix home page."""

import pytest
from bs4 import BeautifulSoup

from django.core.cache import cache

from wagtail.models import Page, Site

from helix.factories import HomePageFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages and settings never leak between tests."""
    cache.clear()


@pytest.fixture
def home(db):
    """The default site rooted at a published HomePage (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    # Deleting the welcome page also deletes the default Site that points at it.
    for welcome in root.get_children():
        welcome.delete()
    home = HomePageFactory(parent=root)
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Helix"
    )
    return home


@pytest.fixture
def site(home):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def parse():
    """Parse a response (or HTML string) into BeautifulSoup."""

    def _parse(response_or_html):
        html = getattr(response_or_html, "content", response_or_html)
        return BeautifulSoup(html, "html.parser")

    return _parse
