"""Conditional GET: readers polling an unchanged feed get an empty 304."""

import pytest

from django.test import override_settings

from articles.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom", "json"]


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="First", revision=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_validators_and_cache_control_are_sent(client, article, fmt):
    response = client.get(f"/feeds/articles.{fmt}")
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "max-age=300" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_matching_etag_gets_304_without_body(client, article, fmt):
    first = client.get(f"/feeds/articles.{fmt}")
    again = client.get(f"/feeds/articles.{fmt}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "max-age=300" in again["Cache-Control"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_matching_last_modified_gets_304(client, article, fmt):
    first = client.get(f"/feeds/articles.{fmt}")
    again = client.get(f"/feeds/articles.{fmt}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_change_to_an_item_changes_the_validators(client, article, fmt):
    first = client.get(f"/feeds/articles.{fmt}")
    article.title = "First, revised"
    article.save_revision().publish()
    again = client.get(f"/feeds/articles.{fmt}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert b"First, revised" in again.content


def test_a_new_item_changes_the_validators(client, article, article_index):
    first = client.get("/feeds/articles.rss")
    ArticlePageFactory(parent=article_index, title="Second", revision=True)
    again = client.get(
        "/feeds/articles.rss",
        HTTP_IF_NONE_MATCH=first["ETag"],
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert again.status_code == 200
    assert b"Second" in again.content


def test_removing_an_item_changes_the_etag(client, article, article_index):
    ArticlePageFactory(parent=article_index, title="Second", revision=True)
    first = client.get("/feeds/articles.rss")
    article.unpublish()
    again = client.get("/feeds/articles.rss", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert b"<title>First</title>" not in again.content


def test_each_format_has_its_own_etag(client, article):
    etags = {client.get(f"/feeds/articles.{fmt}")["ETag"] for fmt in FORMATS}
    assert len(etags) == len(FORMATS)


def test_the_public_address_is_part_of_the_etag(client, article):
    etag = client.get("/feeds/articles.rss")["ETag"]
    with override_settings(HELIX_BASE_URL="https://helix.example"):
        assert client.get("/feeds/articles.rss", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IF_NONE_MATCH": "not an etag"},
        {"HTTP_IF_MODIFIED_SINCE": "yesterday-ish"},
        {
            "HTTP_IF_NONE_MATCH": '"stale"',
            "HTTP_IF_MODIFIED_SINCE": "Thu, 01 Jan 1970 00:00:00 GMT",
        },
    ],
)
def test_stale_or_garbled_validators_get_the_full_feed(client, article, headers):
    response = client.get("/feeds/articles.rss", **headers)
    assert response.status_code == 200
    assert b"<title>First</title>" in response.content


@pytest.mark.parametrize("fmt", ["atom", "json"])
def test_an_empty_feed_still_has_an_etag(client, home, fmt):
    first = client.get(f"/feeds/articles.{fmt}")
    assert "Last-Modified" not in first
    assert client.get(f"/feeds/articles.{fmt}", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
