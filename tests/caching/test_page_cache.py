"""The anonymous page cache: hits for readers, and nothing stale after any edit."""

from datetime import timedelta
from unittest import mock

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.models import Revision

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage, ArticleTherapy
from comments.actions import apply
from comments.factories import CommentFactory
from comments.models import Status
from helix.models import SiteSettings
from sources.models import Source
from therapies.factories import (
    TherapyApprovalFactory,
    TherapyIndexPageFactory,
    TherapyPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    """An anonymous reader: every page is fetched twice, so the second can be a hit."""

    def get(url):
        first = client.get(url)
        assert first.status_code == 200, url
        return client.get(url)

    return get


def cited_body(source: Source) -> list[tuple]:
    return [("key_figure", {"number": "9", "label": "In nine of ten", "citation": source})]


def test_anonymous_reader_gets_a_cached_page(client, index):
    article = ArticlePageFactory(parent=index, title="Cached article")
    assert client.get(article.url)["X-Helix-Cache"] == "miss"
    hit = client.get(article.url)
    assert hit["X-Helix-Cache"] == "hit"
    assert b"Cached article" in hit.content


def test_each_hit_gets_its_own_nonce_and_csrf_token(client, index, parse):
    article = ArticlePageFactory(parent=index)
    client.get(article.url)
    first, second = client.get(article.url), client.get(article.url)
    assert first["X-Helix-Cache"] == second["X-Helix-Cache"] == "hit"
    nonces = [parse(r).find("script", nonce=True)["nonce"] for r in (first, second)]
    assert nonces[0] != nonces[1]
    for nonce, response in zip(nonces, (first, second), strict=True):
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    tokens = [
        parse(r).find("input", attrs={"name": "csrfmiddlewaretoken"}) for r in (first, second)
    ]
    assert tokens[0] and tokens[0]["value"] != tokens[1]["value"]
    assert "helix-placeholder" not in first.content.decode()


def test_the_csrf_token_of_a_cached_page_lets_its_reader_comment(index, parse):
    """The token a hit puts in the form is one Django's CSRF check accepts, with its cookie."""
    from comments.models import Comment
    from tests.comments.conftest import form_data, post_url

    article = ArticlePageFactory(parent=index)
    reader = Client(enforce_csrf_checks=True)
    reader.get(article.url)
    hit = reader.get(article.url)
    assert hit["X-Helix-Cache"] == "hit"
    token = parse(hit).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    assert settings.CSRF_COOKIE_NAME in reader.cookies

    data = {**form_data(article), "csrfmiddlewaretoken": token}
    assert reader.post(post_url(article), data).status_code == 302
    assert Comment.objects.filter(page=article).count() == 1
    stranger = Client(enforce_csrf_checks=True)
    assert stranger.post(post_url(article), data).status_code == 403  # without the cookie


def test_readers_with_a_session_and_editors_get_fresh_pages(client, index, admin_user):
    article = ArticlePageFactory(parent=index)
    client.get(article.url)
    client.cookies["sessionid"] = "reader-session"
    assert client.get(article.url).get("X-Helix-Cache") != "hit"
    client.cookies.clear()
    client.force_login(admin_user)
    client.get(article.url)
    assert client.get(article.url).get("X-Helix-Cache") is None


def test_publishing_refreshes_index_tag_page_and_feed(reader, index):
    ArticlePageFactory(parent=index, title="Older", tags=["vectors"])
    urls = [index.url, "/tags/vectors/", "/feeds/articles.rss", "/"]
    for url in urls:
        assert b"Newest finding" not in reader(url).content
    draft = ArticlePageFactory(parent=index, title="Newest finding", tags=["vectors"], live=False)
    draft.save_revision().publish()
    for url in urls:
        assert b"Newest finding" in reader(url).content, url


def test_unpublishing_removes_the_page_everywhere(reader, client, index):
    article = ArticlePageFactory(parent=index, title="Withdrawn study", tags=["vectors"])
    article.save()  # the factory sets cluster tags in memory; saving stores them
    other = ArticlePageFactory(parent=index, title="Neighbour")
    for url in (article.url, index.url, "/tags/vectors/", other.url):
        assert reader(url).status_code == 200
    article.unpublish()
    assert client.get(article.url).status_code == 404
    assert client.get("/tags/vectors/").status_code == 404  # its only article is gone
    for url in (index.url, other.url, "/feeds/articles.rss"):
        assert b"Withdrawn study" not in reader(url).content, url


def test_scheduled_publishing_and_expiry_refresh_cached_listings(reader, index):
    """``manage.py publish_scheduled`` (run from cron) goes through the same signals."""
    expiring = ArticlePageFactory(parent=index, title="Embargo lifted yesterday")
    scheduled = ArticlePageFactory(parent=index, title="Embargoed until noon", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(hours=1)
    scheduled.save_revision().publish()  # approved for later: not live yet
    assert b"Embargoed until noon" not in reader(index.url).content
    assert b"Embargo lifted yesterday" in reader(index.url).content

    # The hour passes; the other article's expiry date passes too.
    an_hour_later = timezone.now() - timedelta(minutes=1)
    revision = Revision.objects.get(object_id=str(scheduled.pk), approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = an_hour_later.isoformat()
    revision.approved_go_live_at = an_hour_later
    revision.save(update_fields=["content", "approved_go_live_at"])
    ArticlePage.objects.filter(pk=expiring.pk).update(expire_at=timezone.now())
    call_command("publish_scheduled")

    listing = reader(index.url).content
    assert b"Embargoed until noon" in listing
    assert b"Embargo lifted yesterday" not in listing
    assert b"Embargoed until noon" in reader("/feeds/articles.rss").content


def test_an_article_dated_in_the_future_joins_cached_listings_at_its_date(reader, index):
    """No event happens at that moment: cached listings and fragments expire by time."""
    ArticlePageFactory(parent=index, title="Already out")
    start = timezone.now()
    ArticlePageFactory(
        parent=index, title="Out in a minute", first_published=start + timedelta(minutes=1)
    )
    urls = [index.url, "/feeds/articles.rss", "/"]
    for url in urls:
        page = reader(url)
        assert page["X-Helix-Cache"] == "hit"
        assert b"Already out" in page.content and b"Out in a minute" not in page.content, url

    # Two minutes on: well within the cache's ten, past the article's date.
    later = start + timedelta(minutes=2)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("time.time", return_value=later.timestamp()),
    ):
        for url in urls:
            assert b"Out in a minute" in reader(url).content, url


def test_editing_a_published_title_refreshes_pages_that_link_it(reader, index):
    article = ArticlePageFactory(parent=index, title="First title")
    assert b"First title" in reader(index.url).content
    article.title = "Second title"
    article.save_revision().publish()
    assert b"Second title" in reader(index.url).content
    assert b"Second title" in reader(article.url).content


def test_editing_a_source_refreshes_the_pages_citing_it(reader, index):
    source = Source.objects.create(title="Original trial report", year=2021)
    article = ArticlePageFactory(parent=index, body=cited_body(source))
    uncited = ArticlePageFactory(parent=index)
    assert b"Original trial report" in reader(article.url).content
    assert reader(uncited.url)["X-Helix-Cache"] == "hit"
    source.title = "Corrected trial report"
    source.save()
    assert b"Corrected trial report" in reader(article.url).content
    assert reader(uncited.url)["X-Helix-Cache"] == "hit"  # exactly the citing pages


def test_editing_a_therapy_refreshes_articles_that_cross_link_it(reader, home, index):
    therapy = TherapyPageFactory(parent=TherapyIndexPageFactory(parent=home), title="Etranacogene")
    TherapyApprovalFactory(page=therapy, regulator="EMA")
    article = ArticlePageFactory(parent=index)
    ArticleTherapy.objects.create(page=article, therapy=therapy, sort_order=0)
    assert b"Etranacogene" in reader(article.url).content
    therapy.title = "Etranacogene dezaparvovec"
    therapy.save_revision().publish()
    assert b"Etranacogene dezaparvovec" in reader(article.url).content
    assert b"Etranacogene dezaparvovec" in reader(therapy.url).content


def test_approving_a_comment_shows_it(reader, index):
    article = ArticlePageFactory(parent=index)
    comment = CommentFactory(page=article, body="Waiting for a moderator", status=Status.PENDING)
    assert b"Waiting for a moderator" not in reader(article.url).content
    moderator = get_user_model().objects.create_superuser("mod", "mod@example.org", "x")
    assert apply("approve", [comment], moderator)
    assert b"Waiting for a moderator" in reader(article.url).content


def test_site_settings_refresh_every_page(reader, index, site):
    article = ArticlePageFactory(parent=index)
    assert b"A new disclaimer" not in reader(article.url).content
    settings = SiteSettings.for_site(site)
    settings.footer_text = "A new disclaimer"
    settings.save()
    assert b"A new disclaimer" in reader(article.url).content


def test_an_unrelated_edit_keeps_the_cached_copy(client, index):
    article = ArticlePageFactory(parent=index, title="Untouched")
    cited = Source.objects.create(title="Cited elsewhere", year=2020)
    client.get(article.url)
    assert client.get(article.url)["X-Helix-Cache"] == "hit"
    cited.title = "Renamed"
    cited.save()  # a bump somewhere: every copy is checked tag by tag once
    assert client.get(article.url)["X-Helix-Cache"] == "hit"
    assert client.get(article.url)["X-Helix-Cache"] == "hit"
    article.title = "Touched"
    article.save_revision().publish()
    again = client.get(article.url)
    assert again["X-Helix-Cache"] == "miss"
    assert b"Touched" in again.content


def test_only_the_parameters_a_view_reads_make_a_new_copy(client, index):
    """``?utm_source=`` is the same article; ``?comments=2`` (its thread's page 2) is not."""
    article = ArticlePageFactory(parent=index, title="Kept once")
    assert client.get(article.url)["X-Helix-Cache"] == "miss"
    # The article reads ``comments`` and ``replytocom`` only: junk shares the copy.
    assert client.get(article.url + "?utm_source=newsletter")["X-Helix-Cache"] == "hit"
    assert client.get(article.url + "?utm_source=mastodon&ref=x")["X-Helix-Cache"] == "hit"
    assert client.get(article.url + "?comments=2&utm_source=x")["X-Helix-Cache"] == "miss"
    assert client.get(article.url + "?utm_campaign=z&comments=2")["X-Helix-Cache"] == "hit"


def test_a_listing_keeps_each_page_of_results_apart_and_ignores_junk(client, index, parse):
    ArticlePageFactory.create_batch(13, parent=index)  # two pages of twelve
    first = parse(client.get(index.url + "?utm_source=newsletter"))
    # Its pager carries only what the listing reads: no junk in links, none in keys.
    assert first.select_one("a[rel=next]")["href"] == "?page=2"
    assert client.get(index.url)["X-Helix-Cache"] == "hit"
    second = parse(client.get(index.url + "?page=2"))
    assert (len(first.select(".article-card")), len(second.select(".article-card"))) == (12, 1)
    assert client.get(index.url + "?ref=x&page=2")["X-Helix-Cache"] == "hit"


def test_a_page_that_declares_nothing_is_never_kept(db):
    """A view that says nothing about what it shows cannot be invalidated: it is not kept.

    The same view declaring a key is kept, so what makes the difference is the declaration.
    """
    from django.http import HttpResponse
    from django.test import RequestFactory

    from caching.declared import show
    from caching.middleware import PageCacheMiddleware

    def silent(request):
        return HttpResponse("x")

    def declaring(request):
        show("obj:sample.row:1")
        return HttpResponse("x")

    for view, second in ((silent, "miss"), (declaring, "hit")):
        middleware = PageCacheMiddleware(view)
        path = f"/{view.__name__}/"
        assert middleware(RequestFactory().get(path))["X-Helix-Cache"] == "miss"
        assert middleware(RequestFactory().get(path))["X-Helix-Cache"] == second


def test_a_password_form_is_never_kept_and_each_reader_s_token_works(index, parse):
    """Wagtail marks a restricted page's password form private: never kept, never shared."""
    from wagtail.models import PageViewRestriction

    article = ArticlePageFactory(parent=index, title="Members' notes")
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="gene")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    assert first.get(article.url)["X-Helix-Cache"] == "miss"
    fresh = second.get(article.url)
    assert fresh["X-Helix-Cache"] == "miss"
    form = parse(fresh).find("form")
    data = {f["name"]: f.get("value", "") for f in form.find_all("input") if f.get("name")}
    data["password"] = "gene"
    answer = second.post(form["action"], data)
    assert answer.status_code == 302  # accepted: the token was issued for this reader
    assert b"Members' notes" in second.get(answer["Location"]).content


def test_a_new_condition_joins_the_kept_sitemap(client, home):
    from therapies.factories import ConditionFactory

    ConditionFactory(name="Haemophilia B", slug="haemophilia-b")
    assert b"/conditions/haemophilia-b/" in client.get("/sitemap.xml").content
    assert client.get("/sitemap.xml")["X-Helix-Cache"] == "hit"
    ConditionFactory(name="Sickle cell disease", slug="sickle-cell-disease")
    assert b"/conditions/sickle-cell-disease/" in client.get("/sitemap.xml").content
