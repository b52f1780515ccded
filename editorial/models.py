"""The medical review step of the publishing workflow, and the record it leaves.

Wagtail runs the workflow; this module adds what health content needs on top:
approval by a member of the Medical reviewers group is written down
(``ReviewRecord``) and stamped on the page itself (``last_reviewed`` and, when
the reviewer has a byline, ``reviewed_by``) before the approved revision is
published; and the approver is never one of the authors of what they approve
(``editorial.approval``).
"""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, Page, Revision, TaskState

from editorial import approval


class MedicalReviewTask(AbstractGroupApprovalTask):
    """Group approval whose approval records who reviewed the page, and when.

    The stamp is a new revision saved by the reviewer on top of the revision
    under review, so the page history shows exactly what approval changed and
    the revision Wagtail then publishes (the latest) carries the review date.
    A reviewer who wrote or submitted the changes is not offered "Approve".
    """

    def reviewer_refusal(self, obj, user) -> str:
        """Why a member of this task's groups may not approve ``obj`` ("" when they may)."""
        if not any(name == "approve" for name, _label, _modal in super().get_actions(obj, user)):
            return ""  # not a reviewer at this step: Wagtail refuses them as anyone else
        return approval.approval_refusal(obj, user)

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and approval.approval_refusal(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    @transaction.atomic
    def on_action(self, task_state: TaskState, user, action_name: str, **kwargs) -> None:
        if action_name == "approve":
            obj = task_state.workflow_state.content_object
            obj = getattr(obj, "specific", obj)
            # Checked again here: approving from the editor saves the reviewer's
            # own edits as a revision just before this runs.
            reason = approval.approval_refusal(obj, user, task_state.workflow_state)
            if reason:
                raise approval.ApprovalRefused(reason)
            own_changes = approval.authorship(obj, user, task_state.workflow_state)
            record_review(
                task_state, user, comment=kwargs.get("comment", ""), own_changes=bool(own_changes)
            )
            if own_changes:
                log(
                    instance=obj,
                    action=approval.OWN_CHANGES_LOG_ACTION,
                    user=user,
                    revision=task_state.revision,
                    data={"reason": own_changes},
                )
        super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls) -> str:
        return (
            "Members of the chosen groups approve or request changes; approving "
            "records them as the medical reviewer and sets the last-reviewed date."
        )

    class Meta:
        verbose_name = "medical review task"
        verbose_name_plural = "medical review tasks"


class ReviewerProfile(models.Model):
    """Links a reviewer's login to the byline shown on reviewed pages.

    ``articles.Author`` has no link to users (and belongs to another app), so
    the mapping lives here. A reviewer without a profile is still recorded in
    ``ReviewRecord``; only the public "Reviewed by" byline needs the profile.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    author = models.ForeignKey(
        "articles.Author",
        on_delete=models.CASCADE,
        related_name="reviewer_profiles",
        help_text="The byline shown as 'Reviewed by' on pages this person approves.",
    )

    panels = [FieldPanel("user"), FieldPanel("author")]

    class Meta:
        ordering = ["author__name"]

    def __str__(self) -> str:
        return f"{self.user.get_username()} → {self.author}"


class ReviewRecordQuerySet(models.QuerySet):
    def for_page(self, page: Page) -> "ReviewRecordQuerySet":
        return self.filter(page=page).order_by("-reviewed_at")


class ReviewRecord(models.Model):
    """One medical approval: who approved which revision of which page, and when."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="review_records")
    revision = models.ForeignKey(
        Revision,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision the reviewer approved (before the review stamp).",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_name = models.CharField(
        max_length=255, help_text="Kept so the record survives the user's deletion."
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    approved_own_changes = models.BooleanField(
        default=False,
        help_text="A superuser approved changes they wrote or submitted themselves.",
    )

    objects = ReviewRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_at"]
        get_latest_by = "reviewed_at"

    def __str__(self) -> str:
        return f"{self.page} reviewed by {self.reviewer_name} on {self.reviewed_at:%Y-%m-%d}"


def _field_names(model: type[models.Model]) -> set[str]:
    return {field.name for field in model._meta.get_fields()}


def record_review(
    task_state: TaskState, user, comment: str = "", own_changes: bool = False
) -> ReviewRecord:
    """Record an approval and stamp the page's latest revision with it.

    Pages whose type has ``last_reviewed`` get today's date there, and
    ``reviewed_by`` is set when the reviewer has a ``ReviewerProfile`` and the
    type has that field; other page types only get the ``ReviewRecord``.
    """
    page = task_state.workflow_state.content_object.specific
    record = ReviewRecord.objects.create(
        page=page,
        revision=task_state.revision,
        reviewer=user,
        reviewer_name=(user.get_full_name() or user.get_username()) if user else "",
        comment=comment or "",
        approved_own_changes=own_changes,
    )
    fields = _field_names(type(page))
    stamp: dict[str, object] = {}
    if "last_reviewed" in fields:
        stamp["last_reviewed"] = timezone.localdate()
    profile = ReviewerProfile.objects.filter(user=user).select_related("author").first()
    if profile and "reviewed_by" in fields:
        stamp["reviewed_by"] = profile.author
    if stamp:
        draft = page.get_latest_revision_as_object()
        for name, value in stamp.items():
            setattr(draft, name, value)
        draft.save_revision(user=user, clean=False)
    return record


def review_window(today: datetime.date | None = None, days: int = 30) -> datetime.date:
    """The last date a review may fall due on and still count as 'due soon'."""
    return (today or timezone.localdate()) + datetime.timedelta(days=days)
