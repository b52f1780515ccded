"""Moderation views in the Wagtail admin: the comment listing, staff replies, privacy requests.

Posting lives in views.py; nothing here is reachable by readers.
"""

import json

import django_filters

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from . import actions, counts, privacy
from .forms import PrivacyRequestForm, StaffReplyForm
from .models import Comment, Status
from .text import render_body

MODERATE = "reader_comments.moderate_comment"


#: How many pages the page filter offers (those with the most recent comments).
PAGE_CHOICES = 50
#: How many of the newest comments are read to find them.
PAGE_CHOICES_SCAN = 500


def recently_commented_pages(status: str | None, selected=None) -> list[tuple[int, str]]:
    """``(id, title)`` of the pages with the newest comments (in ``status``), by title.

    Offering every commented page would render an option for each of 100,000
    pages; any other page is still filtered by its ID in the URL (``?page=``).
    ``selected`` (an ID) is always included, so the form shows what is applied.
    Two queries; the newest comments come from the (status, created) index.
    """
    recent = Comment.objects.order_by("-created", "-pk")
    if status in Status.values:
        recent = recent.filter(status=status)
    ids = list(dict.fromkeys(recent.values_list("page_id", flat=True)[:PAGE_CHOICES_SCAN]))
    ids = ids[:PAGE_CHOICES]
    if selected is not None and str(selected).isdigit():
        ids.append(int(selected))
    pages = Page.objects.filter(pk__in=ids).order_by("title", "pk").values_list("pk", "title")
    return list(pages)


class PageField(forms.ModelChoiceField):
    """Any page by ID, validated with one query; the choices shown are set by the filter set."""

    default_error_messages = {
        "invalid_choice": "There is no page with ID “%(value)s”: the page filter was not "
        "applied. Choose a page from the list, or “Any page”.",
    }

    def label_from_instance(self, obj) -> str:
        return obj.title


class PageFilter(django_filters.ModelChoiceFilter):
    field_class = PageField


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    page = PageFilter(
        queryset=Page.objects.all(),
        empty_label="Any page",
        help_text=f"The {PAGE_CHOICES} pages with the newest comments. Any other page: "
        "add ?page=<page ID> to the address.",
    )
    created = django_filters.DateFromToRangeFilter(label="Posted", widget=DateRangePickerWidget)

    class Meta:
        model = Comment
        fields = ["status", "page", "created"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.form.fields["page"]
        data = self.data or {}
        # Replaces the choices a ModelChoiceField would render: every page in the tree.
        field.widget.choices = [
            ("", field.empty_label),
            *recently_commented_pages(data.get("status"), data.get("page")),
        ]


class CommentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page")

    def get_page_subtitle(self):
        status = self.request.GET.get("status")
        return Status(status).label if status in Status.values else ""

    def filter_queryset(self, queryset):
        """As Wagtail does, but a bad page ID lists nothing and says why (not every comment)."""
        if self.filters and not self.filters.is_valid() and "page" in self.filters.errors:
            if not getattr(self, "_page_error_shown", False):
                self._page_error_shown = True
                for error in self.filters.errors["page"]:
                    messages.error(self.request, error)
            return queryset.none()
        return super().filter_queryset(queryset)

    def get_paginator(self, queryset, per_page, *args, **kwargs):
        """Take the listing's total from the cached counts when only the status filters it.

        ``COUNT(*)`` over a million comments costs more than the page of 50 itself.
        """
        paginator = super().get_paginator(queryset, per_page, *args, **kwargs)
        total = self.known_total()
        if total is not None:
            paginator.count = total  # a cached_property: the query is never made
        return paginator

    def known_total(self) -> int | None:
        if self.search_query or not self.filters or not self.filters.is_valid():
            return None
        if set(self.filters.form.changed_data) - {"status"}:
            return None
        totals = counts.status_counts()
        status = self.filters.form.cleaned_data.get("status")
        return totals.get(status, 0) if status else sum(totals.values())


def require_moderator(request) -> None:
    if not request.user.has_perm(MODERATE):
        raise PermissionDenied


#: The one-click actions offered on a comment in each status, in WordPress's order.
ROW_ACTIONS = {
    Status.PENDING: ["approve", "spam", "trash"],
    Status.APPROVED: ["unapprove", "spam", "trash"],
    Status.SPAM: ["not_spam", "trash"],
    Status.TRASH: ["restore"],
}
REPLYABLE = {Status.PENDING, Status.APPROVED}


def moderation_context(comment: Comment, request, back: str) -> dict:
    """What the per-comment action buttons need: the actions that fit, the reply link, CSRF.

    ``back`` is where the moderator returns after an action (the page they acted from).
    """
    return {
        "comment": comment,
        "row_actions": [actions.ACTIONS[name] for name in ROW_ACTIONS.get(comment.status, [])],
        "moderate_url": reverse("comment_moderation:moderate", args=[comment.pk]),
        "reply_url": reverse("comment_moderation:reply", args=[comment.pk])
        if comment.status in REPLYABLE
        else "",
        "back": back,
        "csrf_token": get_token(request),
    }


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
def moderate_view(request, pk):
    """One moderation action on one comment, posted from its row or its page (CSRF-checked)."""
    require_moderator(request)
    comment = get_object_or_404(Comment, pk=pk)
    name = request.POST.get("action", "")
    back = safe_next(request, reverse("comment_moderation:list"))
    if name not in actions.ACTIONS:
        messages.error(request, "Unknown moderation action: nothing was changed.")
        return redirect(back)
    action = actions.ACTIONS[name]
    if actions.apply(name, [comment], request.user):
        messages.success(request, f"Comment by {comment.name} {action.past}.")
    else:
        messages.warning(
            request,
            f"The comment by {comment.name} is {comment.get_status_display().lower()}: "
            f"“{action.label}” does not apply, nothing was changed.",
        )
    return redirect(back)


class CommentColumn(Column):
    """The comment as readers will see it (sanitised body), with its author and thread."""

    cell_template_name = "comments/admin/comment_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["comment"] = instance
        context["body_html"] = render_body(instance.body)
        context["inspect_url"] = reverse("comment_moderation:inspect", args=[instance.pk])
        # The row's checkbox is described by this id (Wagtail's bulk-action column).
        context["title_id"] = f"snippet_{instance.pk}_title"
        return context


class ModerationColumn(Column):
    """Approve / spam / trash / reply on every row: each a button posting with CSRF."""

    cell_template_name = "comments/admin/moderation_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context.update(moderation_context(instance, request, request.get_full_path()))
        return context


class CommentInspectView(InspectView):
    """A comment's page: shown as readers will see it, on its page, in its thread."""

    template_name = "comments/admin/inspect.html"

    def dispatch(self, request, *args, **kwargs):
        require_moderator(request)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(Comment.objects.select_related("page", "parent"), pk=self.pk)

    def get_context_data(self, **kwargs):
        comment = self.object
        ancestors = []
        parent = comment.parent
        while parent is not None:  # one query a level; depth is at most 10
            ancestors.insert(0, parent)
            parent = parent.parent
        replies = list(comment.replies.order_by("created", "pk"))
        return {
            **super().get_context_data(**kwargs),
            "comment": comment,
            "page": comment.page.specific_deferred,
            "can_edit_page": comment.page.permissions_for_user(self.request.user).can_edit(),
            "thread": [
                {
                    "comment": other,
                    "body_html": render_body(other.body),
                    "is_self": other == comment,
                }
                for other in [*ancestors, comment, *replies]
            ],
            **moderation_context(comment, self.request, self.request.get_full_path()),
        }


def reply_view(request, pk):
    """Reply to a comment as staff: published at once, marked as staff.

    Replying to a pending comment approves it first, as WordPress's "Approve and Reply".
    """
    require_moderator(request)
    parent = get_object_or_404(Comment.objects.select_related("page"), pk=pk)
    if parent.status not in REPLYABLE:
        messages.error(request, "Only pending or approved comments can be replied to.")
        return redirect("comment_moderation:list")
    form = StaffReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if parent.status == Status.PENDING:
            actions.apply("approve", [parent], request.user)
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
        {
            "parent": parent,
            "parent_html": render_body(parent.body),
            "form": form,
            "page_title": f"Reply to {parent.name}",
        },
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


class ModeratorsOnlyMixin:
    """For the comment chooser's views: they list and describe reader comments.

    Wagtail's snippet chooser asks for no permission (anyone in the admin may
    choose a snippet); reader comments are for moderators only, here as in the
    listing. Nothing links to a comment, so nobody else needs the chooser.
    """

    def dispatch(self, request, *args, **kwargs):
        require_moderator(request)
        return super().dispatch(request, *args, **kwargs)


class CommentChooseView(ModeratorsOnlyMixin, chooser.ChooseView):
    pass


class CommentChooseResultsView(ModeratorsOnlyMixin, chooser.ChooseResultsView):
    pass


class CommentChosenView(ModeratorsOnlyMixin, chooser.SnippetChosenView):
    pass


class CommentChosenMultipleView(ModeratorsOnlyMixin, chooser.SnippetChosenMultipleView):
    pass


class CommentChooserCreateView(ModeratorsOnlyMixin, chooser.SnippetCreateView):
    pass


class CommentChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = CommentChooseView
    choose_results_view_class = CommentChooseResultsView
    chosen_view_class = CommentChosenView
    chosen_multiple_view_class = CommentChosenMultipleView
    create_view_class = CommentChooserCreateView


class CommentViewSet(SnippetViewSet):
    """The "Comments" area of the admin; its menu item is built in wagtail_hooks.py."""

    model = Comment
    icon = "comment"
    menu_label = "Comments"
    url_prefix = "comments"
    url_namespace = "comment_moderation"
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    copy_view_enabled = False
    inspect_view_enabled = True
    chooser_viewset_class = CommentChooserViewSet
    search_fields = ["body", "name", "email"]
    search_backend_name = None  # plain ORM search: works the same on SQLite and PostgreSQL
    filterset_class = CommentFilterSet
    list_per_page = 25
    list_display = [
        CommentColumn("body", label="Comment"),
        ModerationColumn("actions", label="Moderate"),
        "email",
        Column("page", label="On page", accessor="page"),
        Column("status", label="Status", accessor="get_status_display"),
        Column("rule", label="Decided by", accessor="get_rule_display"),
        DateColumn("created", label="Posted", sort_key="created"),
    ]

    @property
    def inspect_template_name(self):
        return CommentInspectView.template_name

    ordering = ["-created"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("reply/<int:pk>/", reply_view, name="reply"),
            path("moderate/<int:pk>/", moderate_view, name="moderate"),
            path("privacy/", privacy_view, name="privacy"),
        ]
