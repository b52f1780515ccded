"""Admin wiring: the "Reviews due" report, the reviewer byline snippet, the autosave guard,
the refusal of a workflow action the page no longer awaits, the log entry of a
superuser's approval of their own changes, and what the page chooser lists."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from editorial import approval, concurrency, page_chooser
from editorial.models import ReviewerProfile
from editorial.reports import ReviewsDueView

report_urls = (
    [
        path("", ReviewsDueView.as_view(), name="reviews_due"),
        path("results/", ReviewsDueView.as_view(results_only=True), name="reviews_due_results"),
    ],
    "editorial",
)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/reviews-due/", include(report_urls))]


class ReviewsDueMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return PagePermissionPolicy().user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item():
    return ReviewsDueMenuItem(
        "Reviews due",
        reverse("editorial:reviews_due"),
        name="reviews-due",
        icon_name="time",
        order=1150,
    )


class ReviewerProfileViewSet(SnippetViewSet):
    """Who signs as "Reviewed by" when a reviewer approves; administrators manage it."""

    model = ReviewerProfile
    icon = "user"
    menu_label = "Reviewer bylines"
    add_to_settings_menu = True
    list_display = ["user", "author"]
    ordering = ["author__name"]


register_snippet(ReviewerProfileViewSet)


@hooks.register("insert_editor_js")
def autosave_guard_js():
    """Make a click on Save/Submit/Publish wait for an autosave in flight (see the script)."""
    return format_html('<script src="{}"></script>', static("editorial/js/autosave-guard.js"))


hooks.register("before_edit_page", concurrency.refuse_stale_workflow_action)
hooks.register("construct_page_chooser_queryset", page_chooser.construct_page_chooser_queryset)


@hooks.register("register_log_actions")
def register_own_changes_log_action(registry) -> None:
    registry.register_action(
        approval.OWN_CHANGES_LOG_ACTION,
        "Medical review: approve own changes",
        "Approved changes they wrote or submitted (superuser: no second reviewer)",
    )
