"""The demo articles: the seed articles, their figures and quote, idempotent."""

from io import StringIO

import pytest

from articles.models import ArticleIndexPage, ArticlePage, Author
from demo.loader import load

pytestmark = pytest.mark.django_db


def test_loader_creates_index_and_articles(loaded, content):
    articles = content["articles"]["articles"]
    index = ArticleIndexPage.objects.get(slug="articles")
    assert index.live and index.show_in_menus
    assert ArticlePage.objects.child_of(index).published().count() == len(articles)
    assert len(articles) > ArticleIndexPage.per_page, "the demo shows two pages"
    assert f"Created {len(articles)} demo articles." in loaded
    assert Author.objects.get(slug="sermes-cro").is_organisation


def test_second_seed_article_carries_its_facts(loaded, seed_source):
    article = ArticlePage.objects.get(slug="gene-therapies-revolutionizing-disease-treatment")
    assert article.title == "Gene Therapies: Revolutionizing Disease Treatment"
    assert article.first_published.date().isoformat() == "2025-03-14"
    assert [a.name for a in article.author_list] == ["Sermes CRO"]
    figures = {b.value["number"]: b.value for b in article.body if b.block_type == "key_figure"}
    assert figures["1,859"]["label"] == "CAR-T requests since 2018"
    assert figures["85.5%"]["citation"] == seed_source("catala-2022")


def test_first_seed_article_quotes_john_rasko(loaded):
    article = ArticlePage.objects.get(slug="how-biotechnology-is-advancing-gene-therapy")
    quote = next(b.value for b in article.body if b.block_type == "pull_quote")
    assert quote["attribution"] == "John Rasko"
    assert quote["role"] == "Clinical haematologist"
    assert "dark age" in quote["quote"]


def test_a_second_load_creates_no_article(loaded):
    counts = (ArticlePage.objects.count(), Author.objects.count())
    out = StringIO()
    load(stdout=out)
    assert (ArticlePage.objects.count(), Author.objects.count()) == counts
    assert "Created" not in out.getvalue()


def test_demo_articles_render(loaded, client):
    for page in ArticlePage.objects.all():
        assert client.get(page.url).status_code == 200, page.slug
    assert client.get("/articles/?page=2").status_code == 200


def test_seed_articles_cite_every_seed_reference_in_the_text(loaded, seed_source):
    first = ArticlePage.objects.get(slug="how-biotechnology-is-advancing-gene-therapy")
    second = ArticlePage.objects.get(slug="gene-therapies-revolutionizing-disease-treatment")
    first_keys = ["einstein-2017", "missouri-2022", "hgt-2023", "nature-2022", "amgen-2022"]
    second_keys = ["hgt-2023", "catala-2022", "puerto-2023", "fda-2023-duchenne"]
    assert [r.source for r in first.references()] == [seed_source(k) for k in first_keys]
    assert [r.source for r in second.references()] == [seed_source(k) for k in second_keys]
    # One source is cited by both pieces, so its "Cited by" lists two pages.
    shared = seed_source("hgt-2023")
    assert {c.page_id for c in shared.citations.all()} >= {first.pk, second.pk}


def test_articles_link_the_demo_therapies(loaded):
    article = ArticlePage.objects.get(slug="how-biotechnology-is-advancing-gene-therapy")
    assert [link.therapy.slug for link in article.therapy_links.all()] == ["gene-therapy"]
