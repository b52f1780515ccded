"""``{% comment_section page %}``: a page's approved thread and the form to join it.

A page shows at most ``THREADS_PER_PAGE`` conversations, the newest, with an
"Older comments" link (``?comments=2#comments``) to the next ones. Two queries
whatever the thread's length: the conversations with all their replies, and
the number of approved comments for the heading (plus the site's comment
settings, cached per request); replies are nested in Python.

The thread is rendered once and kept (``caching.fragments``) while nothing it
shows changes, for readers with no comment of their own awaiting moderation
(whose thread is theirs alone): until a comment on the page is approved,
hidden or posted, or the settings change. The form carries two per-request
values, the CSRF token and the signed form token: in a page the page cache
keeps they are placeholders, filled for every reader (``caching.placeholders``).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django import template
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from caching import fragments, placeholders
from caching.keys import SITE
from comments.forms import HONEYPOT_FIELD, CommentForm
from comments.models import (
    THREADS_PER_PAGE,
    Comment,
    CommentablePageMixin,
    CommentSettings,
    comment_counts,
)
from comments.text import render_body
from comments.views import MESSAGE_TAGS, own_pending_ids

register = template.Library()


@dataclass
class ThreadNode:
    comment: Comment
    replies: list["ThreadNode"] = field(default_factory=list)
    can_reply: bool = False


def walk(nodes: list[ThreadNode]) -> Iterator[ThreadNode]:
    """Every node of a thread, depth first."""
    for node in nodes:
        yield node
        yield from walk(node.replies)


def build_thread(comments: list[Comment], max_depth: int) -> list[ThreadNode]:
    """Nest comments under their parents; replies whose parent is hidden are dropped."""
    nodes = {comment.pk: ThreadNode(comment) for comment in comments}
    roots = []
    for node in nodes.values():
        comment = node.comment
        node.can_reply = comment.is_public and comment.depth < max_depth
        if comment.parent_id is None:
            roots.append(node)
        elif comment.parent_id in nodes:
            nodes[comment.parent_id].replies.append(node)
    return roots


#: The query parameter that selects a page of the thread.
PAGE_PARAM = "comments"


def thread_number(request) -> int:
    """The page of the thread asked for: 1 unless ``?comments=`` is a sensible number."""
    value = request.GET.get(PAGE_PARAM, "")
    if value.isascii() and value.isdigit() and len(value) < 7:
        return max(int(value), 1)
    return 1


def thread_url(request, number: int) -> str:
    """A page of the thread, landing on the comments (page 1 is the page's own address)."""
    query = f"?{PAGE_PARAM}={number}" if number > 1 else ""
    return f"{request.path}{query}#comments"


def shown_thread(request, page, rules: CommentSettings, number: int) -> dict:
    """Page ``number`` of the thread as this reader sees it: its HTML, count and reply targets."""
    own_ids = own_pending_ids(request)

    def render() -> dict:
        comments = list(Comment.objects.thread_page(page, own_ids, number))
        thread = build_thread(comments, rules.max_depth)
        has_older = len(thread) > THREADS_PER_PAGE
        if has_older:
            thread = thread[1:]  # the oldest: fetched only to know that older ones exist
        context = {
            "thread": thread,
            "thread_query": f"{PAGE_PARAM}={number}&" if number > 1 else "",
            "older_url": thread_url(request, number + 1) if has_older else "",
            "newer_url": thread_url(request, number - 1) if number > 1 else "",
            "newest_url": thread_url(request, 1) if number > 2 else "",
        }
        return {
            "html": render_to_string("comments/includes/thread.html", context, request),
            "approved_count": comment_counts([page]).get(page.pk, 0),
            "replyable": [node.comment.pk for node in walk(thread) if node.can_reply],
        }

    if own_ids:  # their comments awaiting moderation: shown to them alone
        return render()
    # The reply depth comes from the comment settings: the site frame.
    name = f"comment-thread:{number}:{request.path}"
    return fragments.for_page(page, request, name, render, [SITE])


def comment_form_html(request, page, rules: CommentSettings, parent: int | None) -> SafeString:
    """The comment form, its signed token issued for this reader (a placeholder if kept)."""
    token = placeholders.value(request, "comment_token", str(page.pk))
    initial = {"token": token, **({"parent": parent} if parent else {})}
    form = CommentForm(page=page, rules=rules, initial=initial)
    context = {"page": page, "form": form, "honeypot_field": HONEYPOT_FIELD}
    return mark_safe(render_to_string("comments/includes/comment_form.html", context, request))


def reply_target(request, replyable: list[int]) -> int | None:
    """The comment named by ``?replytocom=``, if this page of the thread lets one reply to it."""
    reply_to = request.GET.get("replytocom", "")
    if reply_to.isascii() and reply_to.isdigit() and int(reply_to) in replyable:
        return int(reply_to)
    return None


@register.inclusion_tag("comments/comment_section.html", takes_context=True)
def comment_section(context, page) -> dict:
    request = context["request"]
    rules = CommentSettings.for_request(request)
    thread = shown_thread(request, page, rules, thread_number(request))
    commentable = isinstance(page, CommentablePageMixin)
    closed = not commentable or rules.is_closed(page)
    notices = [m for m in get_messages(request) if MESSAGE_TAGS in m.tags.split()]
    form_html: SafeString | None = None
    if not closed:
        parent = reply_target(request, thread["replyable"])
        form_html = comment_form_html(request, page, rules, parent)
    return {
        "request": request,
        "page": page,
        "thread_html": mark_safe(thread["html"]),
        "approved_count": thread["approved_count"],
        "closed": closed,
        "form_html": form_html,
        "notices": notices,
    }


@register.filter
def comment_html(comment: Comment):
    return render_body(comment.body)
