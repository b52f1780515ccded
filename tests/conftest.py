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


#: Queries a kept page costs a reader: none (caching/middleware.py).
WARM_BUDGET = 0


@pytest.fixture
def get_within_budget(client, django_assert_max_num_queries):
    """GET a URL cold, then warm; each must fit its budget, whatever the content's size.

    The first request on a new site creates its settings rows; then every cache
    is emptied and the page is rendered cold (``budget``), as after a publish or
    for a page nobody opened lately. A reader the page cache serves then gets the
    kept copy (``warm_budget``), which must be a hit.
    """

    def get(url: str, budget: int, *, using=None, warm_budget: int = WARM_BUDGET):
        browser = using or client
        browser.get(url)
        cache.clear()
        with django_assert_max_num_queries(budget):
            response = browser.get(url)
        if response.get("X-Helix-Cache") == "miss":
            with django_assert_max_num_queries(warm_budget):
                again = browser.get(url)
            assert again.get("X-Helix-Cache") == "hit", f"{url} was not kept for the next reader"
        return response

    return get


@pytest.fixture
def parse():
    """Parse a response (or HTML string) into BeautifulSoup."""

    def _parse(response_or_html):
        html = getattr(response_or_html, "content", response_or_html)
        return BeautifulSoup(html, "html.parser")

    return _parse


def pytest_itemcollected(item):
    """Browser tests are slow tests too: ``-m "not slow"`` skips them."""
    if item.get_closest_marker("browser") is not None:
        item.add_marker(pytest.mark.slow)


def pytest_collection_modifyitems(config, items):
    """Run browser tests last.

    Their live server runs Playwright's event loop in the test thread, which gives
    Django fresh connection objects without the serialized copy of the migrated
    data; a ``serialized_rollback`` test after them (the backup test) could not
    restore its rows. At the end of the run they can disturb nothing.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
