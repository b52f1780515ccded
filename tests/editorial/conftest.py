"""Fixtures for the editorial tests: one user per role and an article section."""

import pytest

from tests.editorial.helpers import (
    ROLE_GROUPS,
    make_article_index,
    make_user,
)


@pytest.fixture
def users(db):
    """One user per role, keyed as in ``ROLE_GROUPS``."""
    return {role: make_user(role, *groups) for role, groups in ROLE_GROUPS.items()}


@pytest.fixture
def article_index(home):
    return make_article_index(home)
