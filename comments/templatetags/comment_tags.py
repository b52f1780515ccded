"""``{% comment_section page %}``: a page's approved thread and the form to join it.

The whole thread is one query whatever its length (plus the site's comment
settings, cached per request); replies are nested in Python.
"""

from dataclasses import dataclass, field

from django import template
from django.contrib.messages import get_messages

from comments.forms import HONEYPOT_FIELD, CommentForm
from comments.models import Comment, CommentablePageMixin, CommentSettings
from comments.text import render_body
from comments.views import MESSAGE_TAGS, own_pending_ids

register = template.Library()


@dataclass
class ThreadNode:
    comment: Comment
    replies: list["ThreadNode"] = field(default_factory=list)
    can_reply: bool = False


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


@register.inclusion_tag("comments/comment_section.html", takes_context=True)
def comment_section(context, page) -> dict:
    request = context["request"]
    rules = CommentSettings.for_request(request)
    own_ids = own_pending_ids(request)
    comments = list(Comment.objects.thread_for(page, own_ids))
    approved_count = sum(1 for comment in comments if comment.is_public)
    commentable = isinstance(page, CommentablePageMixin)
    closed = not commentable or rules.is_closed(page)
    notices = [m for m in get_messages(request) if MESSAGE_TAGS in m.tags.split()]
    form = None
    if not closed:
        reply_to = request.GET.get("replytocom", "")
        replyable = {c.pk for c in comments if c.is_public and c.depth < rules.max_depth}
        initial = (
            {"parent": int(reply_to)} if reply_to.isdigit() and int(reply_to) in replyable else {}
        )
        form = CommentForm(page=page, rules=rules, initial=initial)
    return {
        "request": request,
        "page": page,
        "thread": build_thread(comments, rules.max_depth),
        "approved_count": approved_count,
        "closed": closed,
        "form": form,
        "honeypot_field": HONEYPOT_FIELD,
        "notices": notices,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def comment_html(comment: Comment):
    return render_body(comment.body)
