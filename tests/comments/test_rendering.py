"""What readers see: escaped text, kept paragraphs, safe links, avatars, threads, budgets."""

import pytest

from comments.factories import CommentFactory
from comments.models import Comment, Status, comment_counts
from comments.text import initials, render_body

from .conftest import make_article

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


@pytest.mark.parametrize("count", [1, 200])
def test_the_query_budget_is_the_same_for_1_and_200_comments(
    article, client, django_assert_max_num_queries, count
):
    comments = Comment.objects.bulk_create(
        CommentFactory.build(page=article, body=f"Comment {n}") for n in range(count)
    )
    # half of them replies, to exercise the threading
    for parent, child in zip(comments[::2], comments[1::2], strict=False):
        child.parent = parent
        child.depth = 2
    Comment.objects.bulk_update(comments, ["parent", "depth"])
    client.get(article.url)  # warm Wagtail's per-site caches
    # 13 for the page and base template (site, settings, menus), 2 for the comments
    with django_assert_max_num_queries(28):
        response = client.get(article.url)
    assert response.status_code == 200
    assert response.content.count(b'<li class="comment') == count


def test_comment_counts_in_one_query(article, article_index, django_assert_num_queries):
    other = make_article(article_index, title="Other")
    quiet = make_article(article_index, title="Quiet")
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
