"""The page cache never keeps a copy rendered from rows an edit has since replaced."""

import contextvars

import pytest

from django.core.cache import cache
from django.db import transaction

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage
from helix.cache import PageCacheMiddleware, current_versions, page_cache_key

pytestmark = pytest.mark.django_db


def publish_title(page_id: int, title: str) -> None:
    """An editor's publish: a fresh instance, saved through Wagtail's publish."""
    page = ArticlePage.objects.get(pk=page_id)
    page.title = title
    page.save_revision().publish()


def publish_elsewhere(page_id: int, title: str) -> None:
    """The same publish as another process makes it: outside this request's context."""
    contextvars.Context().run(publish_title, page_id, title)


def test_an_edit_published_during_a_render_is_not_cached_stale(client, index, monkeypatch):
    article = ArticlePageFactory(parent=index, title="Title before")
    render_context = ArticlePage.get_context
    edits = []

    def get_context_then_edit(page, request, *args, **kwargs):
        # The page has read its rows; an editor publishes before the render ends.
        context = render_context(page, request, *args, **kwargs)
        if not edits:
            edits.append(page.pk)
            publish_elsewhere(page.pk, "Title after")
        return context

    monkeypatch.setattr(ArticlePage, "get_context", get_context_then_edit)
    during = client.get(article.url)
    assert during["X-Helix-Cache"] == "miss"
    assert b"<title>Title before" in during.content  # rendered from the rows it read
    assert edits
    assert "private" in during["Cache-Control"]  # nor may a proxy in front keep it

    after = client.get(article.url)
    assert after["X-Helix-Cache"] == "miss"
    assert b"<title>Title after" in after.content
    assert client.get(article.url)["X-Helix-Cache"] == "hit"  # cached again once quiet


def test_a_render_between_the_bump_and_the_commit_does_not_survive_the_commit(
    client, index, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=index, title="Title before")
    assert client.get(article.url)["X-Helix-Cache"] == "miss"
    key = page_cache_key(client.get(article.url).wsgi_request)
    stale = cache.get(key)
    assert b"Title before" in stale["body"]

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish_title(article.pk, "Title after")  # the signals bump inside the transaction
        # A reader's render that read the rows before the commit, and the
        # versions after the bump, stores the old page under the new versions:
        racing = {**stale, "versions": current_versions(set(stale["versions"]))}
        cache.set(key, racing)
        assert client.get(article.url)["X-Helix-Cache"] == "hit"  # stale, until the commit

    after = client.get(article.url)
    assert after["X-Helix-Cache"] == "miss"
    assert b"Title after" in after.content


def test_a_render_during_which_anything_was_bumped_is_not_stored(client, index, monkeypatch):
    """The generation check alone: any bump mid-render, whatever its tags."""
    article = ArticlePageFactory(parent=index)
    from helix import cache as page_cache

    original = PageCacheMiddleware._entry

    def entry_then_bump(response, versions):
        page_cache.bump("obj:unrelated.model:1")
        return original(response, versions)

    monkeypatch.setattr(PageCacheMiddleware, "_entry", staticmethod(entry_then_bump))
    client.get(article.url)
    monkeypatch.setattr(PageCacheMiddleware, "_entry", staticmethod(original))
    assert client.get(article.url)["X-Helix-Cache"] == "miss"
    assert client.get(article.url)["X-Helix-Cache"] == "hit"
