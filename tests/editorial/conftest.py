"""Fixtures for the editorial tests: one user per role and an article section."""

from pathlib import Path

import pytest

from tests.editorial.helpers import (
    ROLE_GROUPS,
    ensure_source_snippet,
    make_article_index,
    make_user,
)

ensure_source_snippet()

FALLBACK_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def fallback_templates(settings):
    """Let pages render before the articles app's templates are merged."""
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], FALLBACK_TEMPLATES]
    settings.TEMPLATES = templates


@pytest.fixture
def users(db):
    """One user per role, keyed as in ``ROLE_GROUPS``."""
    return {role: make_user(role, *groups) for role, groups in ROLE_GROUPS.items()}


@pytest.fixture
def article_index(home):
    return make_article_index(home)
