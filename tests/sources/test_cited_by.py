"""A source's "Cited by" names each citing page once, however it cites the source."""

import pytest

from sources.models import Citation
from tests.sources.factories import (
    ArticlePageFactory,
    SourceFactory,
    cite,
    key_figure,
    paragraph,
    publish,
)

pytestmark = pytest.mark.django_db


def cited_by(client, parse, source) -> list[str]:
    soup = parse(client.get(source.get_absolute_url()))
    return [link.get_text() for link in soup.select(".source-detail__cited-by a")]


def test_a_page_citing_a_source_often_and_republished_is_listed_once(article_index, client, parse):
    source = SourceFactory(title="AAV vectors")
    body = [paragraph(f"<p>{cite(source)} and again {cite(source)}</p>"), key_figure(source)]
    page = publish(ArticlePageFactory(parent=article_index, title="Vectors explained", body=body))
    page.title = "Vectors explained"
    publish(page)  # a second revision
    assert cited_by(client, parse, source) == ["Vectors explained"]


def test_an_alias_of_a_citing_page_is_not_listed_again(article_index, client, parse):
    source = SourceFactory(title="AAV vectors")
    body = [paragraph(f"<p>{cite(source)}</p>")]
    page = publish(ArticlePageFactory(parent=article_index, title="Vectors explained", body=body))
    page.create_alias(update_slug="vectors-explained-again")
    publish(page)  # the alias follows its original: Wagtail publishes it too
    assert Citation.objects.filter(source=source).count() == 2
    assert cited_by(client, parse, source) == ["Vectors explained"]
