"""A caching proxy in front (Varnish with xkey) is purged by the keys Helix's own cache uses.

A small proxy stand-in listens on loopback and records the ``PURGE`` requests
it gets. Pages are first fetched anonymously, as the proxy would fetch them;
their ``xkey`` header is what the proxy files them under. After an edit, the
pages the proxy drops are those filed under a purged key: every page showing
what changed, query-string variants included, and no other.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.factories import ArticlePageFactory
from articles.models import ArticleTherapy
from caching import purge
from comments.actions import apply
from comments.factories import CommentFactory
from comments.models import Status
from sources.models import Source
from therapies.factories import TherapyIndexPageFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db


class Proxy:
    """What the proxy filed (URL to keys) and the keys it was told to purge."""

    def __init__(self):
        self.filed: dict[str, set[str]] = {}
        self.purged: list[set[str]] = []

    def dropped(self) -> set[str]:
        keys = set().union(*self.purged)
        return {url for url, filed in self.filed.items() if filed & keys}


@pytest.fixture
def proxy(settings, django_capture_on_commit_callbacks):
    record = Proxy()

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            record.purged.append(set(self.headers[purge.PURGE_HEADER].split()))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.HELIX_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield record
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetched(client, proxy):
    """Fetch pages as the proxy does: anonymous, filing each under its ``xkey`` header."""

    def fetch(*urls):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            proxy.filed[url] = set(response[purge.HEADER].split())

    return fetch


def test_publishing_purges_the_listings_tag_pages_and_feeds_that_show_it(
    proxy, fetched, index, django_capture_on_commit_callbacks
):
    ArticlePageFactory(parent=index, title="Older", tags=["vectors"])
    listings = [index.url, index.url + "?page=1", "/tags/vectors/", "/feeds/articles.rss", "/"]
    fetched(*listings)
    assert proxy.purged == []

    draft = ArticlePageFactory(parent=index, title="Newest", tags=["vectors"], live=False)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    assert set(listings) <= proxy.dropped()


def test_editing_a_source_purges_exactly_the_pages_citing_it(
    proxy, fetched, index, django_capture_on_commit_callbacks
):
    source = Source.objects.create(title="Original trial report", year=2021)
    citing = ArticlePageFactory(
        parent=index,
        body=[("key_figure", {"number": "9", "label": "Nine in ten", "citation": source})],
    )
    uncited = ArticlePageFactory(parent=index)
    fetched(citing.url, uncited.url, citing.url + "?utm_source=x")
    proxy.purged.clear()

    source.title = "Corrected trial report"
    with django_capture_on_commit_callbacks(execute=True):
        source.save()

    assert proxy.dropped() == {citing.url, citing.url + "?utm_source=x"}


def test_approving_a_comment_purges_its_page_and_not_the_others(
    proxy, fetched, index, django_capture_on_commit_callbacks, admin_user
):
    article = ArticlePageFactory(parent=index)
    other = ArticlePageFactory(parent=index)
    comment = CommentFactory(page=article, status=Status.PENDING)
    fetched(article.url, other.url)
    proxy.purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        apply("approve", [comment], admin_user)

    assert article.url in proxy.dropped()
    assert other.url not in proxy.dropped()


def test_editing_a_therapy_purges_the_articles_that_cross_link_it(
    proxy, fetched, home, index, django_capture_on_commit_callbacks
):
    therapy = TherapyPageFactory(parent=TherapyIndexPageFactory(parent=home), title="Old name")
    article = ArticlePageFactory(parent=index)
    ArticleTherapy.objects.create(page=article, therapy=therapy)
    article.save_revision().publish()
    fetched(article.url)
    proxy.purged.clear()

    therapy.title = "New name"
    with django_capture_on_commit_callbacks(execute=True):
        therapy.save_revision().publish()

    assert article.url in proxy.dropped()


def test_a_proxy_that_does_not_answer_never_breaks_the_edit(
    settings, index, django_capture_on_commit_callbacks
):
    settings.HELIX_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]  # nothing listens there
    source = Source.objects.create(title="A report", year=2020)
    source.title = "A corrected report"
    with django_capture_on_commit_callbacks(execute=True):
        source.save()
    assert Source.objects.get(pk=source.pk).title == "A corrected report"
