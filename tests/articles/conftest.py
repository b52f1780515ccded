"""Fixtures for article tests: an article index under the home page."""

import pytest

from articles.factories import ArticleIndexPageFactory


def _ensure_source_is_a_snippet() -> None:
    """Key figures cite ``sources.Source`` through a snippet chooser.

    The sources app registers Source as a snippet in its own wagtail_hooks; on a
    branch without that registration the article editor cannot render, so the
    admin tests register a plain viewset here. A no-op once sources does it.
    Runs at collection time, before the admin URLconf is first loaded.
    """
    from wagtail import hooks
    from wagtail.snippets.models import get_snippet_models, register_snippet

    from sources.models import Source

    hooks.search_for_hooks()
    if Source not in get_snippet_models():
        register_snippet(Source)


_ensure_source_is_a_snippet()


@pytest.fixture
def index(home):
    return ArticleIndexPageFactory(parent=home)
