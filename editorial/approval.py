"""Two people for every medical approval: nobody approves changes they wrote or submitted.

The changes under review are every revision saved since the page was last
published (a page scheduled to go live is locked until it does); whoever saved
one of them, or started the review, is an author of what would go live. A
medical reviewer who is an author is not offered "Approve"
(``MedicalReviewTask.get_actions``) and is refused if they send it anyway:
through the approve URL, or from the editor's form, where editing while
approving saves a revision of their own just before the approval runs
(``MedicalReviewTask.on_action`` raises ``ApprovalRefused``;
``editorial.concurrency`` undoes the request and shows why).

A superuser may approve their own changes (someone must be able to publish in
an emergency); the page history then says so, in its own log entry.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.models import Page, TaskState, WorkflowState

#: The log entry a superuser's approval of their own changes leaves in the page history.
OWN_CHANGES_LOG_ACTION = "editorial.approve_own_changes"

SUBMITTED = (
    "You submitted these changes for medical review, so another medical reviewer must approve them."
)
WROTE = (
    "You wrote some of the changes under review (a revision saved since the page was "
    "last published), so another medical reviewer must approve them."
)
REFUSED_SUFFIX = " Nothing was approved or published."
EDITS_NOT_SAVED = (
    " Your edits in this form were not saved either: save them as a draft, and "
    "another medical reviewer can approve them."
)


class ApprovalRefused(Exception):
    """An approval by one of the authors of the changes; the message says why.

    Not a ``PermissionDenied``: Wagtail's admin turns that into a redirect, and the
    request (with the reviewer's edits, saved just before) would be committed.
    ``SerialisePageEditsMiddleware`` catches this inside its transaction instead.
    """


def changes_under_review(obj):
    """The revisions saved since ``obj`` was last published (all of them, if it never was)."""
    revisions = obj.revisions
    live_revision_id = getattr(obj, "live_revision_id", None)
    return revisions.filter(pk__gt=live_revision_id) if live_revision_id else revisions


def authorship(obj, user, workflow_state: WorkflowState | None = None) -> str:
    """Why ``user`` counts as an author of the changes under review ("" when they do not)."""
    if user is None or not user.is_authenticated:
        return ""
    workflow_state = workflow_state or obj.current_workflow_state
    if workflow_state is not None and workflow_state.requested_by_id == user.pk:
        return SUBMITTED
    if changes_under_review(obj).filter(user=user).exists():
        return WROTE
    return ""


def approval_refusal(obj, user, workflow_state: WorkflowState | None = None) -> str:
    """Why ``user`` may not approve ``obj`` ("" when they may): authors wait for someone else."""
    if user is not None and user.is_superuser:
        return ""
    return authorship(obj, user, workflow_state)


def refuse(request: HttpRequest, page: Page, reason: str, more: str = "") -> HttpResponse:
    """Answer a refused approval with the reason, where the reviewer will read it.

    The "Approve with comment" modal shows it in place of its form; a page load
    gets it as an error message on the page's editor.
    """
    text = reason + REFUSED_SUFFIX + more
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return render_modal_workflow(
            request,
            "editorial/approval_refused_modal.html",
            None,
            {"message": text},
            json_data={"step": "action"},
        )
    if not request.accepts("text/html"):
        return JsonResponse({"success": False, "error_message": text}, status=403)
    messages.error(request, text)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def refuse_approve_url(request: HttpRequest, view_kwargs: dict) -> HttpResponse | None:
    """For the approve URL (``/admin/pages/workflow/action/<id>/approve/<task state>/``)
    and the modal that collects a comment for it from the editor.

    Wagtail answers an action the task does not offer with a bare 403; a reviewer
    who is an author is told why instead.
    """
    from editorial.models import MedicalReviewTask

    if view_kwargs.get("action_name") != "approve":
        return None
    task_state = TaskState.objects.filter(pk=view_kwargs.get("task_state_id")).first()
    page = Page.objects.filter(pk=view_kwargs.get("page_id")).first()
    if task_state is None or page is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None
    task = task_state.task.specific
    if not isinstance(task, MedicalReviewTask):
        return None
    page = page.specific
    reason = task.reviewer_refusal(page, request.user)
    return refuse(request, page, reason) if reason else None
