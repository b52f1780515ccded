"""``open_to_readers()`` picks exactly the pages Wagtail's ``public()`` picks, in one query."""

import pytest

from wagtail.models import Page, PageViewRestriction

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from helix.pages import open_to_readers

pytestmark = pytest.mark.django_db


def test_it_agrees_with_wagtail_on_a_tree_with_restrictions(home, django_assert_num_queries):
    open_index = ArticleIndexPageFactory(parent=home, title="Open", slug="open")
    closed_index = ArticleIndexPageFactory(parent=home, title="Closed", slug="closed")
    ArticlePageFactory.create_batch(2, parent=open_index)
    ArticlePageFactory.create_batch(2, parent=closed_index)
    private_article = ArticlePageFactory(parent=open_index, title="Members only")
    PageViewRestriction.objects.create(page=closed_index, restriction_type="password", password="x")
    PageViewRestriction.objects.create(page=private_article, restriction_type="login")

    ours = set(Page.objects.filter(open_to_readers()).values_list("pk", flat=True))
    assert ours == set(Page.objects.public().values_list("pk", flat=True))
    assert private_article.pk not in ours and closed_index.pk not in ours
    assert open_index.pk in ours and home.pk in ours
    with django_assert_num_queries(1):  # Wagtail's loads the restrictions first: two
        list(Page.objects.filter(open_to_readers()))


def test_with_no_restriction_every_page_is_open(home):
    ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home))
    assert Page.objects.filter(open_to_readers()).count() == Page.objects.count()
