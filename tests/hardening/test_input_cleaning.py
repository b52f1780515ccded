"""The small fixes the hostile-input tests led to, each pinned by a direct test."""

import pytest

from taggit.models import Tag

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from sources.models import Source
from therapies.factories import TherapyIndexPageFactory

pytestmark = pytest.mark.django_db


def test_control_characters_are_stripped_from_page_and_source_text_on_save(home):
    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home),
        title="Vectors\x0b explained\x00",
        standfirst="Line one\r\nline\x1f two\tend",
        body=[{"type": "paragraph", "value": "<p>before\x00after \\u0000 kept</p>"}],
    )
    article.refresh_from_db()
    assert article.body[0].value.source == "<p>beforeafter \\u0000 kept</p>"
    assert article.title == "Vectors explained"
    assert article.standfirst == "Line one\nline two\tend", "newlines and tabs are kept"
    source = Source.objects.create(title="A\x08 study", container_title="Jour\x0cnal", year=2020)
    source.refresh_from_db()
    assert (source.title, source.container_title) == ("A study", "Journal")


def test_a_tag_name_without_letters_gets_a_usable_slug(client, home, parse):
    article = ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home), tags=["'", "🧬"])
    slugs = sorted(Tag.objects.values_list("slug", flat=True))
    assert len(slugs) == 2 and all(slug.startswith("tag-") for slug in slugs)
    assert client.get(article.url).status_code == 200
    assert client.get(f"/tags/{slugs[0]}/").status_code == 200


def test_source_filters_do_not_echo_an_invalid_kind(client, home, parse):
    response = client.get("/sources/", {"kind": "bad\x00<kind>"})
    assert response.status_code == 200
    assert "Choose one of the kinds listed." in parse(response).get_text()
    assert b"\x00" not in response.content


def test_compare_names_unknown_profiles_without_control_characters(client, home, parse):
    index = TherapyIndexPageFactory(parent=home)
    response = client.get(f"{index.url}compare/", {"t": ["no\x00such"]})
    assert response.status_code == 200
    assert b"\x00" not in response.content
    assert "“nosuch”" in parse(response).get_text()


@pytest.mark.parametrize("path", ["articles", "therapies", "conditions", "sources"])
def test_api_filters_refuse_control_characters_with_a_422(client, home, path):
    """PostgreSQL refuses NUL bytes: the filter is refused before it reaches a query."""
    response = client.get(f"/api/v1/{path}/", {"tag": "gene\x00therapy"})
    assert response.status_code == 422
    assert client.get(f"/api/v1/{path}/", {"tag": "gene-therapy"}).status_code == 200


def test_typed_tags_lose_control_characters_before_taggit_looks_them_up():
    from taggit.utils import parse_tags

    assert parse_tags("gene\x00 therapy, CAR\x0b-T") == ["CAR-T", "gene therapy"]
