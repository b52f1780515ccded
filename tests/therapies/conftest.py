"""Fixtures and small helpers for the therapy tests: a directory and articles to link."""

import itertools

import pytest

from wagtail.models import PageViewRestriction

from articles.models import ArticleIndexPage, ArticlePage, ArticleTherapy
from therapies.factories import TherapyIndexPageFactory

_article_numbers = itertools.count(1)


@pytest.fixture
def therapy_index(home):
    return TherapyIndexPageFactory(parent=home)


@pytest.fixture
def article_index(home):
    index = ArticleIndexPage(title="Articles", slug="articles")
    home.add_child(instance=index)
    return index


def page_link(page, text: str = "the profile") -> str:
    """A rich-text internal link, as the editor stores it."""
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


@pytest.fixture
def make_article(article_index):
    """An article that chose ``chose`` as related therapies and links to ``links`` in its body."""

    def _make(title=None, *, chose=(), links=(), live=True, private=False, first_published=None):
        number = next(_article_numbers)
        body_html = "<p>About gene therapy.</p>" + "".join(
            f"<p>Read {page_link(page)}.</p>" for page in links
        )
        article = ArticlePage(
            title=title or f"Article {number}",
            slug=f"article-{number}",
            standfirst="What changed this year.",
            body=[("paragraph", body_html)],
            live=live,
            first_published=first_published,
        )
        article.therapy_links = [ArticleTherapy(therapy=therapy) for therapy in chose]
        article_index.add_child(instance=article)
        if private:
            PageViewRestriction.objects.create(
                page=article, restriction_type=PageViewRestriction.PASSWORD, password="secret"
            )
        return article

    return _make
