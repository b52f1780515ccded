"""Approved-comment feeds: site-wide (/feeds/comments.*) and per page (/feeds/comments/<id>.*)."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from wagtail.models import PageViewRestriction

from articles.factories import ArticlePageFactory
from comments import actions
from comments.factories import CommentFactory
from comments.models import Comment, Status
from therapies.factories import TherapyPageFactory

from .conftest import publish, read_feed
from .test_discovery import alternate_links
from .test_hostile_content import html_fields

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom", "json"]
EMAIL = "ada.private@example.org"
IP_ADDRESS = "203.0.113.77"
USER_AGENT = "SecretBrowser/9.9"


def comment_on(page, body="A clear explanation, thank you.", **fields) -> Comment:
    fields.setdefault("ip_address", IP_ADDRESS)
    fields.setdefault("user_agent", USER_AGENT)
    return CommentFactory(page=page, body=body, **fields)


def page_feed(page, fmt="rss") -> str:
    return f"/feeds/comments/{page.pk}.{fmt}"


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(
        parent=article_index, title="AAV vectors explained", slug="aav-vectors", revision=True
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_site_feed_carries_approved_comments_with_their_fields(fetch_feed, article, fmt):
    older = comment_on(
        article, "First!", name="Ada Byron", created=timezone.now() - timedelta(hours=2)
    )
    newer = comment_on(article, "Second thought.\n\nOn the liver.", name="Grace Hopper")

    feed = fetch_feed(f"/feeds/comments.{fmt}")

    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Helix: Latest comments"
    assert [entry.id.rsplit(":", 1)[1] for entry in feed.entries] == [
        f"comment-{newer.pk}",
        f"comment-{older.pk}",
    ]
    entry = feed.entries[0]
    assert entry.id.startswith("tag:testserver,2026:")
    assert entry.title == "Comment on “AAV vectors explained” by Grace Hopper"
    assert entry.link == f"http://testserver/articles/aav-vectors/#comment-{newer.pk}"
    assert [author.name for author in entry.authors] == ["Grace Hopper"]
    assert "Second thought." in entry.summary
    assert "<p>Second thought.</p><p>On the liver.</p>" in entry.content[0].value
    published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
    assert abs(published - newer.created) < timedelta(seconds=1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_page_feed_carries_only_that_pages_comments(fetch_feed, article, therapy_index, fmt):
    therapy = TherapyPageFactory(
        parent=therapy_index, title="Haemophilia gene therapy", revision=True
    )
    on_article = comment_on(article, "About the article.")
    on_therapy = comment_on(therapy, "About the therapy.", name="Lin Wei")

    feed = fetch_feed(page_feed(therapy, fmt))

    assert not feed.bozo
    assert feed.feed.title == "Helix: Comments on “Haemophilia gene therapy”"
    assert feed.feed.link == "http://testserver/therapies/haemophilia-gene-therapy/#comments"
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/therapies/haemophilia-gene-therapy/#comment-{on_therapy.pk}"
    ]
    site_links = {entry.link for entry in fetch_feed(f"/feeds/comments.{fmt}").entries}
    assert site_links == {
        f"http://testserver/articles/aav-vectors/#comment-{on_article.pk}",
        f"http://testserver/therapies/haemophilia-gene-therapy/#comment-{on_therapy.pk}",
    }


def test_the_link_points_at_the_comment_on_the_page(client, parse, fetch_feed, article):
    comment = comment_on(article, "Find me by my anchor.")
    link = fetch_feed(page_feed(article)).entries[0].link
    path, anchor = link.removeprefix("http://testserver").split("#")
    target = parse(client.get(path)).find(id=anchor)
    assert target is not None
    assert "Find me by my anchor." in target.get_text()
    assert anchor == f"comment-{comment.pk}"


def test_the_guid_survives_a_slug_change(fetch_feed, article):
    comment_on(article)
    before = fetch_feed(page_feed(article, "atom")).entries[0]
    article.slug = "aav-vectors-renamed"
    publish(article)
    after = fetch_feed(page_feed(article, "atom")).entries[0]
    assert after.id == before.id
    assert after.link != before.link
    assert "/aav-vectors-renamed/" in after.link


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_email_ip_or_user_agent_anywhere(client, article, fmt):
    comment_on(article, email=EMAIL, url="https://ada.example/", name="Ada")
    for url in (f"/feeds/comments.{fmt}", page_feed(article, fmt)):
        raw = client.get(url).content.decode()
        assert "Ada" in raw
        for secret in (EMAIL, "ada.private", IP_ADDRESS, USER_AGENT):
            assert secret not in raw, (url, secret)


@pytest.mark.parametrize("fmt", FORMATS)
def test_pending_spam_and_trashed_comments_never_appear(fetch_feed, article, fmt):
    comment_on(article, "Approved words.")
    for status in (Status.PENDING, Status.SPAM, Status.TRASH):
        comment_on(article, f"Hidden {status} words.", status=status)
    for url in (f"/feeds/comments.{fmt}", page_feed(article, fmt)):
        feed = fetch_feed(url)
        assert len(feed.entries) == 1, url
        raw = feed.response.content.decode()
        assert "Approved words." in raw
        assert "Hidden" not in raw, url


@pytest.mark.parametrize("fmt", FORMATS)
def test_comments_on_pages_readers_cannot_see_never_appear(
    client, fetch_feed, article, article_index, therapy_index, fmt
):
    draft = ArticlePageFactory(parent=article_index, title="Draft", live=False, revision=True)
    future = ArticlePageFactory(
        parent=article_index,
        title="Future",
        first_published=timezone.now() + timedelta(days=3),
        revision=True,
    )
    private = ArticlePageFactory(parent=article_index, title="Private", revision=True)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    withdrawn = ArticlePageFactory(parent=article_index, title="Withdrawn", revision=True)
    private_therapy = TherapyPageFactory(
        parent=therapy_index, title="Private therapy", slug="private-therapy", revision=True
    )
    PageViewRestriction.objects.create(
        page=private_therapy, restriction_type=PageViewRestriction.LOGIN
    )
    hidden = [draft, future, private, withdrawn, private_therapy]
    for page in hidden:
        comment_on(page, f"Said on {page.title}.")
    withdrawn.unpublish()
    comment_on(article, "Said on a public article.")

    raw = fetch_feed(f"/feeds/comments.{fmt}").response.content.decode()
    assert "Said on a public article." in raw
    for page in hidden:
        assert f"Said on {page.title}." not in raw
        assert client.get(page_feed(page, fmt)).status_code == 404, page.title


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/comments/999999.rss",
        "/feeds/comments/999999.atom",
        "/feeds/comments/abc.rss",
        "/feeds/comments/-1.atom",
        "/feeds/comments/1.xml",
        "/feeds/comments/.rss",
    ],
)
def test_unknown_pages_are_404(client, home, url):
    assert client.get(url).status_code == 404


def test_pages_without_comments_feeds_are_404(client, home, article_index):
    for page in (home, article_index):
        assert client.get(page_feed(page)).status_code == 404


def test_a_page_with_no_approved_comments_has_an_empty_feed(fetch_feed, article):
    comment_on(article, status=Status.PENDING)
    assert fetch_feed(page_feed(article, "atom")).entries == []


# Conditional GET ------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_matching_validators_get_304_without_body(client, article, fmt):
    comment_on(article)
    for url in (f"/feeds/comments.{fmt}", page_feed(article, fmt)):
        first = client.get(url)
        assert "max-age=300" in first["Cache-Control"]
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        for again in (by_etag, by_date):
            assert again.status_code == 304, url
            assert again.content == b""


def test_a_new_approved_comment_changes_the_validators(client, article):
    comment_on(article, created=timezone.now() - timedelta(minutes=5))
    first = client.get(page_feed(article))
    comment_on(article, "Fresh.")
    again = client.get(page_feed(article), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert b"Fresh." in again.content


def test_approving_an_old_comment_moves_last_modified(client, article):
    comment_on(article, created=timezone.now() - timedelta(days=3))
    late = comment_on(
        article, "Approved late.", status=Status.PENDING, created=timezone.now() - timedelta(days=2)
    )
    first = client.get(page_feed(article))
    assert b"Approved late." not in first.content

    actions.apply("approve", [late], user=None)

    again = client.get(page_feed(article), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert b"Approved late." in again.content
    assert parsedate_to_datetime(again["Last-Modified"]) > parsedate_to_datetime(
        first["Last-Modified"]
    )


def test_unapproving_a_comment_changes_the_etag(client, article):
    comment_on(article, "Still here.")
    doomed = comment_on(article, "Soon gone.")
    first = client.get("/feeds/comments.rss")
    actions.apply("unapprove", [doomed], user=None)
    again = client.get("/feeds/comments.rss", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert b"Soon gone." not in again.content


def test_a_moderators_edit_changes_the_etag(client, article):
    comment = comment_on(article, "Teh typo.")
    first = client.get("/feeds/comments.atom")
    Comment.objects.filter(pk=comment.pk).update(body="The typo, fixed.")
    again = client.get("/feeds/comments.atom", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert b"The typo, fixed." in again.content


# Hostile text ---------------------------------------------------------------

HOSTILE_NAME = "Mallory <script>alert(1)</script> ]]> 🧬 مريم"
HOSTILE_BODY = (
    "Nice ]]> article & <b>bold</b> <script>steal()</script> "
    '<img src=x onerror="alert(2)"> <a href="javascript:alert(3)">x</a> '
    "javascript:alert(4) 🧬 ריפוי גנטי end\nhttps://example.org/ok"
)


@pytest.fixture
def hostile(article):
    comment = comment_on(article, HOSTILE_BODY, name=HOSTILE_NAME)
    # Bypass save()'s stripping, as a raw import or an old row could.
    Comment.objects.filter(pk=comment.pk).update(
        name=HOSTILE_NAME + "\x0b\x1f", body=HOSTILE_BODY + "\x0c\x08 tail"
    )
    return comment


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_comments_stay_well_formed_and_inert(client, article, hostile, fmt):
    for url in (f"/feeds/comments.{fmt}", page_feed(article, fmt)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not read_feed(response).bozo, url
        fields = html_fields(response.content, fmt)
        assert fields, url
        for html in fields:
            # What a reader renders: only paragraphs, breaks and plain http(s) links.
            elements = BeautifulSoup(html, "html.parser").find_all(True)
            assert {element.name for element in elements} <= {"p", "br", "a"}, url
            for element in elements:
                assert set(element.attrs) <= {"href", "rel"}, url
                assert element.get("href", "https:").startswith(("http:", "https:")), url


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_comment_text_survives_as_text(fetch_feed, hostile, fmt):
    entry = fetch_feed(f"/feeds/comments.{fmt}").entries[0]
    assert [author.name for author in entry.authors] == [HOSTILE_NAME]
    expected_title = f"Comment on “AAV vectors explained” by {HOSTILE_NAME}"
    assert entry.title == expected_title
    content = entry.content[0].value
    assert "Nice ]]&gt; article &amp; &lt;b&gt;bold&lt;/b&gt; &lt;script&gt;" in content
    assert "🧬 ריפוי גנטי end" in content
    assert "tail" in content and "\x0c" not in content
    assert 'href="https://example.org/ok"' in content
    if fmt == "json":  # a plain-text field: what was typed, minus the control characters
        assert entry.summary == HOSTILE_BODY + " tail"
    else:
        assert "Nice ]]&gt; article &amp; &lt;b&gt;" in entry.summary


# Discovery ------------------------------------------------------------------


def test_article_and_therapy_pages_advertise_their_comment_feeds(
    client, parse, article, therapy_index
):
    therapy = TherapyPageFactory(
        parent=therapy_index, title="Haemophilia gene therapy", revision=True
    )
    for page in (article, therapy):
        links = alternate_links(parse(client.get(page.url)))
        comment_links = [link for link in links if link[1].startswith("Comments on")]
        assert comment_links == [
            (
                "application/rss+xml",
                f"Comments on “{page.title}” (RSS)",
                f"http://testserver/feeds/comments/{page.pk}.rss",
            ),
            (
                "application/atom+xml",
                f"Comments on “{page.title}” (Atom)",
                f"http://testserver/feeds/comments/{page.pk}.atom",
            ),
            (
                "application/feed+json",
                f"Comments on “{page.title}” (JSON Feed)",
                f"http://testserver/feeds/comments/{page.pk}.json",
            ),
        ]
        for _type, _title, href in comment_links:
            response = client.get(href.removeprefix("http://testserver"))
            assert response.status_code == 200
            assert not read_feed(response).bozo


def test_pages_without_public_comment_feeds_advertise_none(client, parse, home, article_index):
    private = ArticlePageFactory(parent=article_index, title="Private", revision=True)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    future = ArticlePageFactory(
        parent=article_index,
        title="Future",
        first_published=timezone.now() + timedelta(days=1),
        revision=True,
    )
    assert not [t for _, t, _ in alternate_links(parse(client.get("/"))) if "Comments" in t]
    response = client.get(future.url)
    assert response.status_code == 200
    assert not [t for _, t, _ in alternate_links(parse(response)) if t.startswith("Comments")]


# Speed ----------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 20])
def test_comment_feeds_within_query_budget(
    client, django_assert_max_num_queries, article_index, therapy_index, count
):
    therapy = TherapyPageFactory(
        parent=therapy_index, title="Haemophilia gene therapy", revision=True
    )
    pages = [
        ArticlePageFactory(parent=article_index, title=f"Article {n}", revision=True)
        for n in range(3)
    ] + [therapy]
    for n in range(count):
        comment_on(pages[n % len(pages)], f"Comment {n}", is_staff_reply=n % 2 == 0)
        comment_on(therapy, f"On the therapy {n}")
    client.get("/feeds/comments.rss")  # warm per-process caches (site root paths, content types)
    # Site settings, view restrictions (articles, therapies), [the page,] the comments.
    for url, budget in [
        ("/feeds/comments.rss", 7),
        ("/feeds/comments.atom", 7),
        (page_feed(therapy), 8),
        (page_feed(therapy, "atom"), 8),
    ]:
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200
        items = response.content.count(b"<item>") + response.content.count(b"<entry>")
        comments = Comment.objects.all() if "comments." in url else therapy.reader_comments.all()
        assert items == min(comments.count(), 20), url
