"""One workflow action per page at a time, applied once, all or nothing.

The "Approve with comment" modal submits the editor form while an autosave may
be posting the same form (carrying the same hidden workflow-action fields). Two
requests then each read the workflow as "in progress": one approved and
published, the other wrote its stale copy of the page over the published one
and crashed on the finished workflow (``current_workflow_task`` is None), with
its half of the work already committed.

Here a POST to the page editor or to a workflow action runs in one transaction
that first locks the page's row, so concurrent posts for one page run one after
the other, each seeing what the previous one did, and a failure undoes the whole
request. The ``before_edit_page`` hook then answers a workflow action the page
is no longer waiting for with a clear message instead of Wagtail's fallback (a
plain save that said "updated"), and an autosave that carries a workflow action
with a refusal: actions come only from their own button.

The same middleware explains a refused approval (``editorial.approval``): the
approve URL sent by one of the authors of the changes, or an approval whose
own edits made the reviewer an author, is undone and answered with the reason.
"""

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from wagtail.models import Page

from editorial import approval
from editorial.models import MedicalReviewTask

EDIT_VIEW = "wagtailadmin_pages:edit"
WORKFLOW_ACTION_VIEW = "wagtailadmin_pages:workflow_action"
#: The admin views that can run a workflow action (the editor form and the dashboard's buttons).
SERIALISED_VIEWS = frozenset({EDIT_VIEW, WORKFLOW_ACTION_VIEW})
#: The views that name a workflow action in their URL: the action, and its comment modal.
ACTION_URL_VIEWS = frozenset(
    {WORKFLOW_ACTION_VIEW, "wagtailadmin_pages:collect_workflow_action_data"}
)


class SerialisePageEditsMiddleware:
    """Run each POST to a page's editor or workflow action alone, in one transaction.

    ``select_for_update`` locks the page row on PostgreSQL; on SQLite the
    IMMEDIATE transaction mode (settings) takes the database's write lock.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if match.view_name in ACTION_URL_VIEWS:
            refusal = approval.refuse_approve_url(request, view_kwargs)
            if refusal is not None:
                return refusal
        if request.method != "POST" or match.view_name not in SERIALISED_VIEWS:
            return None
        page_id = view_kwargs.get("page_id") or view_kwargs.get("pk")
        try:
            with transaction.atomic():
                list(Page.objects.select_for_update().filter(pk=page_id).values_list("pk"))
                return view_func(request, *view_args, **view_kwargs)
        except approval.ApprovalRefused as refused:
            # The transaction is undone: the reviewer's edits and the approval alike.
            edits_lost = approval.EDITS_NOT_SAVED if match.view_name == EDIT_VIEW else ""
            page = Page.objects.get(pk=page_id)
            return approval.refuse(request, page, refused.args[0], edits_lost)


def is_autosave(request: HttpRequest) -> bool:
    """Wagtail's autosave asks for JSON (the editor form's own submit asks for HTML)."""
    return not request.accepts("text/html")


def refuse_stale_workflow_action(request: HttpRequest, page: Page) -> HttpResponse | None:
    """``before_edit_page``: a workflow action is applied only while the page awaits it."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    if is_autosave(request):
        return JsonResponse(
            {
                "success": False,
                "error_code": "locked",
                "error_message": "A review action is being sent: autosave waits for it.",
            },
            status=409,
        )
    action = request.POST.get("workflow-action-name", "")
    task = page.current_workflow_task
    available = (
        {name for name, _label, _modal in task.get_actions(page, request.user)} if task else set()
    )
    if action in available:
        return None
    if action == "approve" and isinstance(task, MedicalReviewTask):
        reason = task.reviewer_refusal(page, request.user)
        if reason:
            return approval.refuse(request, page, reason)
    title = page.get_admin_display_title()
    if task is None:
        state = page.workflow_states.order_by("-created_at").first()
        status = state.get_status_display().lower() if state else "not started"
        text = (
            f"'{title}' is no longer awaiting review (its workflow is {status}), so "
            "your action was not applied again. Nothing was changed: the page below "
            "shows its current state."
        )
    else:
        text = (
            f"'{title}' has moved on to the step '{task}', where this action is not "
            "available. Nothing was changed: the page below shows its current state."
        )
    messages.error(request, text)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
