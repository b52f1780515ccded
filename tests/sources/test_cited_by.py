"""A source's "Cited by" names each citing page once, however it cites the source."""

import pytest

from wagtail.rich_text import RichText

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from sources.models import Citation, Source

pytestmark = pytest.mark.django_db


def cited_by(client, parse, source) -> list[str]:
    soup = parse(client.get(source.get_absolute_url()))
    return [link.get_text() for link in soup.select(".source-detail__cited-by a")]


def citing_article(home, source, *, times: int = 1):
    marker = f'<a linktype="citation" id="{source.pk}">[*]</a>'
    body = [("paragraph", RichText(f"<p>Vectors {marker * times}</p>"))]
    if times > 1:
        body.append(("key_figure", {"number": "85%", "label": "approved", "citation": source}))
    page = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home), title="Vectors explained", body=body
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_page_citing_a_source_often_and_republished_is_listed_once(home, client, parse):
    source = Source.objects.create(title="AAV vectors", year=2021)
    page = citing_article(home, source, times=3)
    page.save_revision().publish()  # a second revision
    assert cited_by(client, parse, source) == ["Vectors explained"]


def test_an_alias_of_a_citing_page_is_not_listed_again(home, client, parse):
    source = Source.objects.create(title="AAV vectors", year=2021)
    page = citing_article(home, source)
    page.create_alias(update_slug="vectors-explained-again")
    page.save_revision().publish()  # the alias follows its original: Wagtail publishes it too
    assert Citation.objects.filter(source=source).count() == 2
    assert cited_by(client, parse, source) == ["Vectors explained"]
