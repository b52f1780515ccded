"""A caching proxy in front is purged on the same events as Helix's own page cache.

Wagtail's frontend cache is configured with a recording backend: what it would
send to the proxy (PURGE requests) is kept in a list. Pages are first fetched
by an anonymous reader, as the proxy would fetch them; then an event happens
and the test reads which URLs were purged: every page showing what changed,
query-string variants included, and no other.
"""

import os
import socket

import pytest

from django.contrib.auth import get_user_model

from wagtail.contrib.frontend_cache.backends import BaseBackend

from articles.factories import ArticlePageFactory
from articles.models import ArticleTherapy
from comments.actions import apply
from comments.factories import CommentFactory
from comments.models import Status
from helix import proxy_purge
from sources.models import Source
from therapies.factories import (
    TherapyApprovalFactory,
    TherapyIndexPageFactory,
    TherapyPageFactory,
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
REDIS_URL = os.environ.get("HELIX_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class RecordingBackend(BaseBackend):
    """Keeps the URLs a real backend would send PURGE requests for."""

    purged: list[str] = []

    def purge(self, url) -> None:
        RecordingBackend.purged.append(url)


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture(params=["local memory", "redis"])
def proxy(request, settings):
    """The frontend cache on, over each kind of cache Helix keeps its URL lists in."""
    if request.param == "redis":
        if not redis_reachable():
            if os.environ.get("CI") == "true":
                pytest.fail("Redis is not reachable at 127.0.0.1:6379 (CI runs it)")
            pytest.skip("Redis is not reachable at 127.0.0.1:6379")
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": "helix-test-proxy",
            }
        }
    settings.WAGTAILFRONTENDCACHE = {"proxy": {"BACKEND": f"{__name__}.RecordingBackend"}}
    from django.core.cache import cache

    cache.clear()
    RecordingBackend.purged = []
    yield RecordingBackend.purged
    cache.clear()


@pytest.fixture
def fetched(client):
    """Fetch pages as the proxy does: anonymous, so Helix records them."""

    def fetch(*urls):
        for url in urls:
            assert client.get(url).status_code == 200, url

    return fetch


def purged_paths(purged: list[str]) -> set[str]:
    assert all(url.startswith(BASE) for url in purged), purged
    return {url.removeprefix(BASE) for url in purged}


def test_publishing_purges_the_listings_tag_pages_and_feeds_that_show_it(
    proxy, fetched, index, django_capture_on_commit_callbacks
):
    ArticlePageFactory(parent=index, title="Older", tags=["vectors"])
    listings = [index.url, index.url + "?page=1", "/tags/vectors/", "/feeds/articles.rss", "/"]
    fetched(*listings)
    assert proxy_purge.enabled() and proxy == []

    draft = ArticlePageFactory(parent=index, title="Newest", tags=["vectors"], live=False)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    assert set(listings) <= purged_paths(proxy)


def test_editing_a_source_purges_exactly_the_pages_citing_it(
    proxy, fetched, index, django_capture_on_commit_callbacks
):
    source = Source.objects.create(title="Original trial report", year=2021)
    citing = ArticlePageFactory(
        parent=index,
        body=[("key_figure", {"number": "9", "label": "Nine in ten", "citation": source})],
    )
    uncited = ArticlePageFactory(parent=index)
    fetched(citing.url, uncited.url)
    proxy.clear()

    source.title = "Corrected trial report"
    with django_capture_on_commit_callbacks(execute=True):
        source.save()

    purged = purged_paths(proxy)
    assert citing.url in purged
    assert uncited.url not in purged


def test_approving_a_comment_purges_its_page(
    proxy, fetched, home, index, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=index)
    other = TherapyPageFactory(
        parent=TherapyIndexPageFactory(parent=home), title="Elevidys"
    )  # shows nothing of the article
    comment = CommentFactory(page=article, body="Waiting", status=Status.PENDING)
    fetched(article.url, other.url)
    proxy.clear()

    moderator = get_user_model().objects.create_superuser("mod", "mod@example.org", "x")
    with django_capture_on_commit_callbacks(execute=True):
        assert apply("approve", [comment], moderator)

    purged = purged_paths(proxy)
    assert article.url in purged
    assert other.url not in purged


def test_editing_a_therapy_purges_the_articles_that_cross_link_it(
    proxy, fetched, home, index, django_capture_on_commit_callbacks
):
    therapy = TherapyPageFactory(parent=TherapyIndexPageFactory(parent=home), title="Etranacogene")
    TherapyApprovalFactory(page=therapy, regulator="EMA")
    linking = ArticlePageFactory(parent=index)
    ArticleTherapy.objects.create(page=linking, therapy=therapy, sort_order=0)
    fetched(linking.url, therapy.url)
    proxy.clear()

    therapy.title = "Etranacogene dezaparvovec"
    with django_capture_on_commit_callbacks(execute=True):
        therapy.save_revision().publish()

    assert {linking.url, therapy.url} <= purged_paths(proxy)


def test_purged_urls_are_forgotten_until_the_proxy_fetches_them_again(
    proxy, fetched, index, django_capture_on_commit_callbacks
):
    source = Source.objects.create(title="Report", year=2021)
    citing = ArticlePageFactory(
        parent=index,
        body=[("key_figure", {"number": "1", "label": "One", "citation": source})],
    )
    fetched(citing.url)
    for title in ("Report, corrected", "Report, corrected again"):
        proxy.clear()
        source.title = title
        with django_capture_on_commit_callbacks(execute=True):
            source.save()
        if title.endswith("again"):
            assert citing.url not in purged_paths(proxy)  # not fetched since: not cached
        else:
            assert citing.url in purged_paths(proxy)
