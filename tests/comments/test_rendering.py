"""What readers see: escaped text, kept paragraphs, safe links, avatars, threads, budgets."""

from datetime import timedelta

import pytest

from django.utils import timezone

from articles.factories import ArticlePageFactory
from caching.keys import page_key
from caching.stamps import changed
from comments.factories import CommentFactory
from comments.models import THREADS_PER_PAGE, Comment, Status, comment_counts
from comments.text import initials, render_body

pytestmark = pytest.mark.django_db

XSS = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">click</a>',
]


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_every_field_is_rendered_inert(article, client, parse, payload):
    comment = CommentFactory(
        page=article,
        name=payload,
        body=f"{payload}\n\nhttps://example.com/?q={payload}",
        url='https://example.com/"onmouseover="alert(1)',
    )
    response = client.get(article.url)
    soup = parse(response)
    node = soup.find(id=f"comment-{comment.pk}")
    assert node is not None
    assert not node.find_all(["script", "img", "svg"])
    for element in node.find_all(True):
        assert not [a for a in element.attrs if a.startswith("on")], element
        href = element.get("href", "")
        assert not href.lower().startswith("javascript:"), element
    assert payload in node.get_text()
    assert b"<script>alert" not in response.content


def test_xss_posted_through_the_form_is_inert(article, post, client, parse):
    payload = "<script>alert(1)</script>"
    post(article, name=payload, body=payload)
    comment = Comment.objects.get()
    assert comment.body == payload  # stored as written, escaped on output
    soup = parse(client.get(article.url))
    node = soup.find(id=f"comment-{comment.pk}")
    assert not node.find_all("script")
    assert payload in node.get_text()


def test_paragraphs_and_line_breaks_are_kept():
    html = render_body("First paragraph\nsecond line\n\n\nSecond paragraph")
    assert html == "<p>First paragraph<br>second line</p><p>Second paragraph</p>"


def test_urls_are_linked_without_passing_ranking():
    html = render_body("Read https://example.com/study?id=1&x=2. Then <b>decide</b>.")
    assert (
        '<a href="https://example.com/study?id=1&amp;x=2" rel="nofollow ugc noopener">'
        "https://example.com/study?id=1&amp;x=2</a>." in html
    )
    assert "&lt;b&gt;decide&lt;/b&gt;" in html


def test_the_authors_website_link_is_nofollow(article, client, parse):
    comment = CommentFactory(page=article, name="Ada", url="https://ada.example")
    link = parse(client.get(article.url)).find(id=f"comment-{comment.pk}").find("a", string="Ada")
    assert link["href"] == "https://ada.example"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]


def test_initials_avatar_and_no_gravatar(article, client, parse):
    CommentFactory(page=article, name="ada king lovelace")
    soup = parse(client.get(article.url))
    assert soup.select_one(".comment__avatar").text == "AL"
    assert "gravatar" not in str(soup)
    assert initials("") == "?"
    assert initials("Zoë") == "Z"


def test_staff_replies_are_marked_and_threads_nest(article, client, parse):
    top = CommentFactory(page=article, body="Question")
    reply = CommentFactory(page=article, parent=top, body="Answer", is_staff_reply=True)
    soup = parse(client.get(article.url))
    nested = soup.find(id=f"comment-{top.pk}").select_one(".comments__replies")
    staff = nested.find(id=f"comment-{reply.pk}")
    assert "comment--staff" in staff["class"]
    assert staff.select_one(".comment__badge").text == "Staff"
    assert soup.find(id="comments-title").text == "2 comments"


def test_hidden_comments_never_appear(article, client, parse):
    for status in (Status.PENDING, Status.SPAM, Status.TRASH):
        CommentFactory(page=article, status=status, body=f"hidden {status}")
    hidden_parent = CommentFactory(page=article, status=Status.SPAM, body="spam parent")
    CommentFactory(page=article, parent=hidden_parent, body="reply under spam")
    text = parse(client.get(article.url)).select_one("#comments").text
    assert "hidden" not in text
    assert "reply under spam" not in text
    assert "No comments yet." in text


def test_email_and_ip_never_appear(article, client):
    CommentFactory(page=article, email="secret@example.com", ip_address="203.0.113.5")
    content = client.get(article.url).content.decode()
    assert "secret@example.com" not in content
    assert "203.0.113.5" not in content


def make_conversations(page, count: int, replies: int = 1) -> list[Comment]:
    """``count`` top-level comments a minute apart (newest last), each with ``replies``."""
    now = timezone.now()
    roots = Comment.objects.bulk_create(
        CommentFactory.build(
            page=page, body=f"Conversation {n}", created=now - timedelta(minutes=count - n)
        )
        for n in range(count)
    )
    Comment.objects.bulk_create(
        CommentFactory.build(
            page=page,
            parent=root,
            depth=2,
            body=f"Reply {r} to {root.body}",
            created=root.created + timedelta(seconds=r + 1),
        )
        for root in roots
        for r in range(replies)
    )
    return roots


def top_level_ids(soup) -> list[int]:
    return [
        int(node["id"].removeprefix("comment-"))
        for node in soup.select("[data-comments-list] > li.comment")
    ]


@pytest.mark.parametrize("conversations", [1, 100])
def test_the_query_budget_is_the_same_for_1_and_100_conversations(
    article, client, django_assert_max_num_queries, parse, conversations
):
    make_conversations(article, conversations)
    client.get(article.url)  # warm Wagtail's per-site caches and the page's rendered parts
    client.get(article.url)
    changed(page_key(article.pk))  # as a new comment does: the page is rendered afresh
    # The page (routing), its conversations and their count, whatever the thread's length
    with django_assert_max_num_queries(24):
        response = client.get(article.url)
    assert response.status_code == 200
    shown = min(conversations, THREADS_PER_PAGE)
    # each conversation with its reply, and no more than THREADS_PER_PAGE of them
    assert response.content.count(b'<li class="comment') == 2 * shown
    soup = parse(response)
    total = 2 * conversations
    assert soup.find(id="comments-title").text == f"{total} comment{'s' if total > 1 else ''}"
    older = soup.select_one("[data-comments-older]")
    if conversations > THREADS_PER_PAGE:
        assert older.text == "Older comments"
        assert older["href"] == f"{article.url}?comments=2#comments"
    else:
        assert older is None


def test_the_newest_conversations_come_first_and_older_ones_follow_the_link(article, client, parse):
    roots = make_conversations(article, THREADS_PER_PAGE + 5, replies=2)
    soup = parse(client.get(article.url))
    newest = [root.pk for root in roots[5:]]
    assert top_level_ids(soup) == newest  # the newest 50, oldest of them first
    assert soup.select_one("[data-comments-newer]") is None

    older = parse(client.get(soup.select_one("[data-comments-older]")["href"]))
    assert top_level_ids(older) == [root.pk for root in roots[:5]]
    first = older.find(id=f"comment-{roots[0].pk}")
    assert len(first.select(".comments__replies > li.comment")) == 2
    assert older.select_one("[data-comments-older]") is None
    assert older.select_one("[data-comments-newer]")["href"] == f"{article.url}#comments"
    # Replying from an older page stays on it, with the reply preselected
    reply = first.select_one("[data-comment-reply]")["href"]
    assert reply == f"?comments=2&replytocom={roots[0].pk}#respond"
    form = parse(client.get(article.url + reply.split("#")[0])).select_one("[data-comment-form]")
    assert form.find("input", attrs={"name": "parent"})["value"] == str(roots[0].pk)

    beyond = parse(client.get(article.url + "?comments=3"))
    assert top_level_ids(beyond) == []
    assert "No older comments." in beyond.select_one("#comments").text
    assert beyond.select_one("[data-comments-newer]")["href"] == (
        f"{article.url}?comments=2#comments"
    )


@pytest.mark.parametrize("value", ["abc", "0", "-1", "²", "99999999999"])
def test_a_bad_thread_page_shows_the_newest(article, client, parse, value):
    roots = make_conversations(article, 3)
    response = client.get(article.url, {"comments": value})
    assert response.status_code == 200
    assert top_level_ids(parse(response)) == [root.pk for root in roots]


def test_deep_replies_stay_with_their_conversation_and_hidden_ones_do_not(article, client, parse):
    old = make_conversations(article, THREADS_PER_PAGE + 1, replies=0)[0]
    reply = CommentFactory(page=article, parent=old, depth=2, body="second level")
    deep = CommentFactory(page=article, parent=reply, depth=3, body="third level")
    spam = CommentFactory(page=article, parent=old, depth=2, status=Status.SPAM, body="spam")
    CommentFactory(page=article, parent=spam, depth=3, body="under spam")
    assert f"comment-{deep.pk}" not in client.get(article.url).content.decode()
    soup = parse(client.get(article.url + "?comments=2"))
    assert top_level_ids(soup) == [old.pk]
    node = soup.find(id=f"comment-{old.pk}")
    assert node.find(id=f"comment-{reply.pk}").find(id=f"comment-{deep.pk}")
    assert "spam" not in node.text
    assert "under spam" not in node.text


def test_a_reply_without_javascript_lands_on_its_conversations_page(article, post, client):
    old = make_conversations(article, THREADS_PER_PAGE + 1, replies=0)[0]
    response = post(article, parent=str(old.pk), body="A late reply")
    reply = Comment.objects.get(body="A late reply")
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}?comments=2#comment-{reply.pk}"
    assert f'id="comment-{reply.pk}"' in client.get(response["Location"]).content.decode()


def test_comment_counts_in_one_query(article, article_index, django_assert_num_queries):
    other = ArticlePageFactory(parent=article_index, title="Other")
    quiet = ArticlePageFactory(parent=article_index, title="Quiet")
    CommentFactory.create_batch(3, page=article)
    CommentFactory(page=article, status=Status.PENDING)
    CommentFactory(page=other)
    with django_assert_num_queries(1):
        counts = comment_counts([article, other, quiet])
    assert counts == {article.pk: 3, other.pk: 1}
    assert comment_counts([]) == {}


def test_the_section_loads_its_script_from_a_file_only(article, client, parse):
    section = parse(client.get(article.url)).select_one("#comments")
    scripts = section.find_all("script")
    assert [script["src"] for script in scripts] == ["/static/comments/js/comments.js"]
    assert all(not script.string for script in scripts)
    assert not section.find_all(style=True)
