"""Every public page type, for the header and hostile-input tests.

Each entry is one line: a function that builds the page under the test
site's home page and returns its URL, the status a reader gets, and an id.
Add a page type (article, therapy, sources, search, feeds...) as one more
``pytest.param`` line.
"""

from collections.abc import Callable

import pytest

from wagtail.models import Page

from helix.models import HomePage

PageBuilder = Callable[[HomePage], str]


def plain_page(home: HomePage) -> str:
    page = Page(title="About Helix", slug="about")
    home.add_child(instance=page)
    return page.url


PUBLIC_PAGES = [
    pytest.param(lambda home: home.url, 200, id="home"),
    pytest.param(plain_page, 200, id="wagtail-page"),
    pytest.param(lambda home: "/no-such-page/", 404, id="not-found"),
]
