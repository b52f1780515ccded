"""Fixtures for the editorial tests: one user per role and an article section."""

import pytest

from articles.factories import ArticleIndexPageFactory
from editorial.factories import UserFactory
from tests.editorial.helpers import ROLE_GROUPS


@pytest.fixture
def users(db):
    """One user per role, keyed as in ``ROLE_GROUPS``, and a superuser (in no group)."""
    people = {
        role: UserFactory(username=role, groups=groups) for role, groups in ROLE_GROUPS.items()
    }
    people["superuser"] = UserFactory(username="superuser", is_superuser=True, is_staff=True)
    return people


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True)
