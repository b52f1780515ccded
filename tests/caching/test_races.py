"""The page cache never keeps a copy rendered from rows an edit has since replaced."""

import contextvars
import time

import pytest

from django.core.cache import cache
from django.db import transaction

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage
from caching.middleware import PREFIX
from caching.stamps import changed

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


def test_a_render_between_the_stamp_and_the_commit_does_not_survive_the_commit(
    client, index, django_capture_on_commit_callbacks, monkeypatch
):
    article = ArticlePageFactory(parent=index, title="Title before")
    stored = {}
    real_set = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, *a, **kw: (
            stored.__setitem__(key, value) if key.startswith(PREFIX) else None,
            real_set(key, value, *a, **kw),
        )[1],
    )
    assert client.get(article.url)["X-Helix-Cache"] == "miss"
    (key,) = stored
    stale = stored[key]
    assert b"Title before" in stale["body"]

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish_title(article.pk, "Title after")  # the first stamp, inside the transaction
        # A reader's render that began after that stamp but read the rows before
        # the commit: the old page, stamped as rendered now.
        real_set(key, {**stale, "rendered_at": time.time()})
        assert client.get(article.url)["X-Helix-Cache"] == "hit"  # stale, until the commit

    after = client.get(article.url)
    assert after["X-Helix-Cache"] == "miss"
    assert b"Title after" in after.content


def test_an_edit_elsewhere_during_a_render_does_not_stop_it_being_kept(client, index, monkeypatch):
    """Only the keys a page shows count: an unrelated change mid-render keeps the copy."""
    article = ArticlePageFactory(parent=index)
    render_context = ArticlePage.get_context

    def get_context_then_edit_elsewhere(page, request, *args, **kwargs):
        context = render_context(page, request, *args, **kwargs)
        changed("obj:unrelated.model:1")
        return context

    monkeypatch.setattr(ArticlePage, "get_context", get_context_then_edit_elsewhere)
    assert client.get(article.url)["X-Helix-Cache"] == "miss"
    assert client.get(article.url)["X-Helix-Cache"] == "hit"
