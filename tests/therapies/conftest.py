"""Fixtures and small helpers for the therapy tests: a directory and articles to link."""

import pytest

from wagtail.models import PageViewRestriction

from articles.factories import ArticleIndexPageFactory
from therapies.factories import TherapyIndexPageFactory


@pytest.fixture
def therapy_index(home):
    return TherapyIndexPageFactory(parent=home)


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home)


def page_link(page, text: str = "the profile") -> str:
    """A rich-text internal link, as the editor stores it."""
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def linking_to(*pages) -> list[tuple]:
    """An article body whose paragraphs link to each of ``pages``."""
    links = "".join(f"<p>Read {page_link(page)}.</p>" for page in pages)
    return [("paragraph", "<p>About gene therapy.</p>" + links)]


def password_protect(page):
    """Put ``page`` behind a password: live, but not public."""
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return page
