"""Every public page type, for the header and hostile-input tests.

Each entry is one line: a function that builds the page under the test
site's home page and returns its URL, the status a reader gets, and an id.
Add a page type as one more ``pytest.param`` line.
"""

from collections.abc import Callable

import pytest

from wagtail.models import Page

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory, AuthorFactory
from helix.models import HomePage
from sources.models import Source, SourceAuthor
from therapies.factories import ConditionFactory, TherapyIndexPageFactory, TherapyPageFactory

PageBuilder = Callable[[HomePage], str]


def plain_page(home: HomePage) -> str:
    page = Page(title="About Helix", slug="about")
    home.add_child(instance=page)
    return page.url


def cited_source() -> Source:
    source = Source.objects.create(
        title="Gene therapy comes of age", year=2018, container_title="Science"
    )
    SourceAuthor.objects.create(source=source, family="Dunbar", given="Cynthia E")
    return source


def article(home: HomePage) -> ArticlePageFactory:
    """A published article with an author, a tag and a reference (what its page shows)."""
    source = cited_source()
    citation = f'<a linktype="citation" id="{source.pk}">[*]</a>'
    body = [{"type": "paragraph", "value": f"<p>Vectors deliver genes.{citation}</p>"}]
    return ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home),
        title="Gene therapy basics",
        slug="basics",
        body=body,
        tags=["gene-therapy"],
        authors=[AuthorFactory(name="Ada Writer", slug="ada-writer")],
    )


def therapy(home: HomePage):
    condition = ConditionFactory(name="Haemophilia B", slug="haemophilia-b")
    index = TherapyIndexPageFactory(parent=home)
    return TherapyPageFactory(parent=index, title="AAV factor IX", conditions=[condition])


def compare(home: HomePage) -> str:
    first = therapy(home)
    second = TherapyPageFactory(parent=first.get_parent(), title="Lentiviral factor IX")
    return f"{first.get_parent().url}compare/?t={first.slug}&t={second.slug}"


def with_article(url: str) -> PageBuilder:
    """The URL ``url`` on a site holding one article (so listings and feeds have an entry)."""

    def build(home: HomePage) -> str:
        article(home)
        return url

    return build


PUBLIC_PAGES = [
    pytest.param(lambda home: home.url, 200, id="home"),
    pytest.param(plain_page, 200, id="wagtail-page"),
    pytest.param(lambda home: "/no-such-page/", 404, id="not-found"),
    pytest.param(lambda home: article(home).get_parent().url, 200, id="article-index"),
    pytest.param(lambda home: article(home).url, 200, id="article"),
    pytest.param(lambda home: therapy(home).get_parent().url, 200, id="therapy-directory"),
    pytest.param(lambda home: therapy(home).url, 200, id="therapy"),
    pytest.param(compare, 200, id="compare"),
    pytest.param(lambda home: therapy(home) and "/conditions/", 200, id="conditions"),
    pytest.param(lambda home: therapy(home) and "/conditions/haemophilia-b/", 200, id="condition"),
    pytest.param(with_article("/tags/"), 200, id="tags"),
    pytest.param(with_article("/tags/gene-therapy/"), 200, id="tag"),
    pytest.param(with_article("/authors/"), 200, id="authors"),
    pytest.param(with_article("/authors/ada-writer/"), 200, id="author"),
    pytest.param(with_article("/sources/"), 200, id="sources"),
    pytest.param(lambda home: cited_source().get_absolute_url(), 200, id="source"),
    pytest.param(with_article("/sources/export.bibtex"), 200, id="sources-export"),
    pytest.param(with_article("/search/?q=gene"), 200, id="search"),
    pytest.param(with_article("/feeds/"), 200, id="feeds"),
    pytest.param(with_article("/feeds/articles.rss"), 200, id="feed-rss"),
    pytest.param(with_article("/feeds/articles.atom"), 200, id="feed-atom"),
    pytest.param(with_article("/feeds/articles.json"), 200, id="feed-json"),
    pytest.param(with_article("/feeds/tags/gene-therapy.rss"), 200, id="tag-feed"),
    pytest.param(with_article("/api/v1/articles/"), 200, id="api-list"),
    pytest.param(with_article("/api/v1/search/?q=gene"), 200, id="api-search"),
    pytest.param(lambda home: "/api/v1/articles/999999/", 404, id="api-not-found"),
    pytest.param(with_article("/sitemap.xml"), 200, id="sitemap"),
    pytest.param(lambda home: "/robots.txt", 200, id="robots"),
]
