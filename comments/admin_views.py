"""Moderation views in the Wagtail admin: the comment listing, staff replies, privacy requests.

Posting lives in views.py; nothing here is reachable by readers.
"""

import json

import django_filters

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify

from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import actions, privacy
from .forms import PrivacyRequestForm, StaffReplyForm
from .models import Comment, Status

MODERATE = "reader_comments.moderate_comment"


def commentable_pages():
    return Page.objects.filter(
        pk__in=Comment.objects.order_by().values("page_id").distinct()
    ).order_by("title")


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    page = django_filters.ModelChoiceFilter(
        queryset=lambda request: commentable_pages(), empty_label="Any page"
    )
    created = django_filters.DateFromToRangeFilter(label="Posted", widget=DateRangePickerWidget)

    class Meta:
        model = Comment
        fields = ["status", "page", "created"]


class CommentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page")

    def get_page_subtitle(self):
        status = self.request.GET.get("status")
        return Status(status).label if status in Status.values else ""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Status.APPROVED:
            buttons.insert(
                0,
                ListingButton(
                    "Reply",
                    url=reverse("comment_moderation:reply", args=[instance.pk]),
                    icon_name="comment",
                    priority=5,
                ),
            )
        return buttons


def require_moderator(request) -> None:
    if not request.user.has_perm(MODERATE):
        raise PermissionDenied


def reply_view(request, pk):
    """Reply to an approved comment as staff: published at once, marked as staff."""
    require_moderator(request)
    parent = get_object_or_404(Comment.objects.select_related("page"), pk=pk)
    if parent.status != Status.APPROVED:
        messages.error(request, "Only approved comments can be replied to.")
        return redirect("comment_moderation:list")
    form = StaffReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reply = actions.staff_reply(parent, form.cleaned_data["body"], request.user)
        messages.success(
            request,
            f"Your reply to {parent.name} is published.",
            buttons=[messages.button(f"{parent.page.url}#comment-{reply.pk}", "View")],
        )
        return redirect("comment_moderation:list")
    return TemplateResponse(
        request,
        "comments/admin/reply.html",
        {"parent": parent, "form": form, "page_title": f"Reply to {parent.name}"},
    )


def privacy_view(request):
    """Export or erase everything one reader wrote (a data-subject request)."""
    require_moderator(request)
    form = PrivacyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if form.cleaned_data["action"] == "export":
            data = privacy.export_comments(email)
            for comment in Comment.objects.by_email(email):
                log(instance=comment, action="reader_comments.export", user=request.user)
            response = HttpResponse(
                json.dumps({"email": email, "comments": data}, indent=2, ensure_ascii=False),
                content_type="application/json",
            )
            filename = f"comments-{slugify(email.replace('@', '-at-'))}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        erased = privacy.erase_comments(email, user=request.user)
        messages.success(request, f"Erased {erased} comment{'s' if erased != 1 else ''}.")
        return redirect("comment_moderation:privacy")
    return TemplateResponse(
        request,
        "comments/admin/privacy.html",
        {"form": form, "page_title": "Comment privacy requests"},
    )


class CommentViewSet(SnippetViewSet):
    """The "Comments" area of the admin; its menu item is built in wagtail_hooks.py."""

    model = Comment
    icon = "comment"
    menu_label = "Comments"
    url_prefix = "comments"
    url_namespace = "comment_moderation"
    index_view_class = CommentIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_fields = ["body", "name", "email"]
    search_backend_name = None  # plain ORM search: works the same on SQLite and PostgreSQL
    filterset_class = CommentFilterSet
    list_per_page = 50
    list_display = [
        TitleColumn(
            "body",
            label="Comment",
            accessor=lambda comment: comment.body[:120],
            get_url=lambda comment: reverse("comment_moderation:inspect", args=[comment.pk]),
        ),
        "name",
        "email",
        Column("page", label="Page", accessor="page"),
        Column("status", label="Status", accessor="get_status_display"),
        Column("rule", label="Decided by", accessor="get_rule_display"),
        DateColumn("created", label="Posted", sort_key="created"),
    ]
    ordering = ["-created"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("reply/<int:pk>/", reply_view, name="reply"),
            path("privacy/", privacy_view, name="privacy"),
        ]
