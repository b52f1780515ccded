"""Page factories with ``revision=True`` save as an editor does: published, or a draft."""

import pytest

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory, AuthorFactory
from therapies.factories import TherapyIndexPageFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db


def test_a_live_page_is_published_from_its_revision(home):
    author = AuthorFactory()
    index = ArticleIndexPageFactory(parent=home, revision=True)
    article = ArticlePageFactory(parent=index, authors=[author], tags=["aav"], revision=True)
    assert article.live and not article.has_unpublished_changes
    assert article.first_published_at is not None
    assert article.live_revision == article.latest_revision
    published = article.live_revision.as_object()
    assert [row.author for row in published.authors.all()] == [author]
    assert [tag.name for tag in published.tags.all()] == ["aav"]


def test_a_page_made_not_live_stays_a_draft_with_a_revision(home):
    index = TherapyIndexPageFactory(parent=home)
    therapy = TherapyPageFactory(
        parent=index,
        live=False,
        approvals=[{"regulator": "EMA", "status": "approved"}],
        revision=True,
    )
    assert not therapy.live and therapy.first_published_at is None
    assert therapy.live_revision is None
    draft = therapy.latest_revision.as_object()
    assert [(a.regulator, a.status) for a in draft.approvals.all()] == [("EMA", "approved")]


def test_without_it_a_page_is_saved_once_with_no_revision(home):
    article = ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home))
    assert article.live and article.latest_revision is None
    assert article.first_published_at is None
