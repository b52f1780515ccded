"""The article query vocabulary and publication dates."""

import datetime

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from articles.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_published_is_live_public_dated_and_newest_first(index):
    now = timezone.now()
    older = ArticlePageFactory(parent=index, first_published=now - datetime.timedelta(days=2))
    newer = ArticlePageFactory(parent=index, first_published=now - datetime.timedelta(days=1))
    ArticlePageFactory(parent=index, live=False)
    ArticlePageFactory(parent=index, first_published=now + datetime.timedelta(days=1))
    private = ArticlePageFactory(parent=index)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    assert list(ArticlePage.objects.published()) == [newer, older]


def test_articles_under_a_private_index_are_not_published(home):
    index = ArticleIndexPageFactory(parent=home)
    ArticlePageFactory(parent=index)
    PageViewRestriction.objects.create(page=index, restriction_type="login")
    assert not ArticlePage.objects.published().exists()


def test_first_published_defaults_to_go_live(index):
    draft = ArticlePageFactory(parent=index, live=False, first_published=None)
    assert draft.first_published is None
    before = timezone.now()
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert draft.first_published >= before
    assert draft.first_published == draft.first_published_at


def test_first_published_survives_editing_an_older_draft(index):
    article = ArticlePageFactory(parent=index, live=False, first_published=None)
    revision = article.save_revision()
    revision.publish()
    article.refresh_from_db()
    published_on = article.first_published
    # The editor opens the latest revision, saved before publishing set the date.
    editing = article.get_latest_revision_as_object()
    assert editing.first_published == published_on


def test_editor_can_choose_the_publication_date(index):
    chosen = timezone.now() - datetime.timedelta(days=400)
    article = ArticlePageFactory(parent=index, live=False, first_published=chosen)
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.first_published == chosen
