"""Posting a comment: one thin view that works with and without JavaScript.

Without JavaScript the reader is redirected back to the page with a message;
comments.js sends the same form with ``Accept: application/json`` and gets
JSON back (the rendered comment, or the errors) to update the page in place.
Moderation lives apart, in the admin (wagtail_hooks.py).
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views import View

from wagtail.models import Page

from .flood import Verdict, check_flood, client_ip
from .forms import USED_TOKEN, CommentForm, make_token
from .models import (
    BODY_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    URL_MAX_LENGTH,
    CommentablePageMixin,
    CommentSettings,
    Rule,
    Status,
)
from .moderation import get_moderator
from .signals import comment_posted

#: The largest request the comment form can need: every field at its longest, each
#: character four UTF-8 bytes, each byte percent-encoded (12 bytes), and the hidden
#: fields. A larger one is refused (413) before it is read (helix/security.py).
TEXT_FIELDS_MAX_LENGTH = NAME_MAX_LENGTH + EMAIL_MAX_LENGTH + URL_MAX_LENGTH + BODY_MAX_LENGTH
MAX_REQUEST_BYTES = 12 * TEXT_FIELDS_MAX_LENGTH + 4096
NO_FILES = "This form takes no files: send the comment as text."
SESSION_KEY = "reader_comments.own_pending"
MESSAGE_TAGS = "comments"
AWAITING_MODERATION = "Your comment is awaiting moderation."
PUBLISHED = "Thank you: your comment is published."
CLOSED = "Comments are closed on this page."
FLOOD = {
    Verdict.TOO_SOON: "You are posting comments too quickly. Wait 15 seconds and try again.",
    Verdict.TOO_MANY: "You have posted too many comments in the last minute. "
    "Wait a minute and try again.",
}


def own_pending_ids(request) -> list[int]:
    """The pending comments this browser posted: shown to it, and to nobody else."""
    return list(request.session.get(SESSION_KEY, []))


class PostCommentView(View):
    http_method_names = ["post"]

    def post(self, request, page_id: int):
        page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
        if not isinstance(page, CommentablePageMixin):
            raise Http404("This page does not take comments.")
        self.page = page
        rules = CommentSettings.for_request(request)
        if rules.is_closed(page):
            return self.refuse(CLOSED, status=403)
        if request.FILES:  # within MAX_REQUEST_BYTES: the form has no file field
            return self.refuse(NO_FILES, status=400)

        form = CommentForm(request.POST, page=page, rules=rules)
        if not form.is_valid():
            return self.invalid(form, rules)

        comment = form.build_comment()
        comment.ip_address = client_ip(request)
        comment.user_agent = request.headers.get("User-Agent", "")[:300]
        flood = check_flood(comment.ip_address, comment.email)
        if flood.limited:
            response = self.refuse(FLOOD[flood.verdict], status=429)
            response["Retry-After"] = str(flood.retry_after)
            return response

        decision = get_moderator().decide(comment, rules)
        comment.status, comment.rule = decision.status, decision.rule
        if flood.verdict is Verdict.UNAVAILABLE and comment.status == Status.APPROVED:
            comment.status, comment.rule = Status.PENDING, Rule.FLOOD_CHECK_UNAVAILABLE
        with transaction.atomic():
            # Two posts of one form at once: the unique nonce lets only the first through.
            if not form.spend_token():
                return self.refuse(USED_TOKEN, status=400)
            comment.save()
        if comment.status == Status.PENDING:
            request.session[SESSION_KEY] = [*own_pending_ids(request), comment.pk][-20:]
        comment_posted.send(type(comment), comment=comment, request=request)
        return self.posted(comment)

    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("Accept", "")

    def posted(self, comment):
        text = PUBLISHED if comment.status == Status.APPROVED else AWAITING_MODERATION
        if comment.status == Status.SPAM:
            # Tell a spammer nothing they can learn from.
            text = AWAITING_MODERATION
        if self.wants_json():
            html = ""
            if comment.status in {Status.APPROVED, Status.PENDING}:
                html = render_to_string(
                    "comments/includes/comment.html",
                    {"comment": comment, "replies": [], "can_reply": False},
                    request=self.request,
                )
            # A form posts once: the page's form carries on with a new token.
            token = make_token(self.page)
            return JsonResponse(
                {
                    "message": text,
                    "status": comment.status,
                    "id": comment.pk,
                    "html": html,
                    "token": token,
                },
                status=201,
            )
        messages.success(self.request, text, extra_tags=MESSAGE_TAGS)
        # A reply lands on the page of the thread that shows its conversation.
        number = comment.thread_number() if comment.parent_id else 1
        query = f"?comments={number}" if number > 1 else ""
        return HttpResponseRedirect(f"{self.page.url}{query}#comment-{comment.pk}")

    def invalid(self, form, rules) -> HttpResponse:
        """400 and nothing written; without JavaScript, the form again with a fresh token."""
        if self.wants_json():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        kept = {field: form.data.get(field, "") for field in ("name", "email", "url", "body")}
        kept["parent"] = form.data.get("parent", "")
        retry = CommentForm(page=self.page, rules=rules, initial=kept)
        context = {"page": self.page, "form": retry, "errors": form.errors}
        return HttpResponse(
            render_to_string("comments/post_error.html", context, request=self.request),
            status=400,
        )

    def refuse(self, message: str, status: int) -> HttpResponse:
        if self.wants_json():
            return JsonResponse({"errors": {"__all__": [{"message": message}]}}, status=status)
        context = {"page": self.page, "message": message}
        return HttpResponse(
            render_to_string("comments/post_error.html", context, request=self.request),
            status=status,
        )
