"""Each workflow action from the page editor does what it says, once; a late second post is told so.

The editor's review actions post the whole edit form with hidden fields
(``action-workflow-action``, ``workflow-action-name`` and, from the comment
modal, ``workflow-action-extra-data``). "Approve with comment" used to race an
autosave carrying the same fields: one request published, the other answered
500 and left the page unpublished and unstamped while the workflow said
approved.
"""

import json
from unittest import mock

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, WorkflowState

from articles.factories import ArticlePageFactory, AuthorFactory
from articles.models import ArticlePage
from editorial.models import ReviewRecord
from tests.editorial.helpers import article_form_data, unchanged_form_data

pytestmark = pytest.mark.django_db

EDITED = "Edited by the editor before review."


@pytest.fixture
def submitted(client, users, article_index):
    """A draft the editor has submitted for medical review; the outbox emptied after."""
    draft = ArticlePageFactory(
        parent=article_index,
        title="Base editing explained",
        authors=[AuthorFactory()],
        live=False,
        revision=True,
    )
    client.force_login(users["editor"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        article_form_data(draft, standfirst=EDITED, **{"action-submit": "Submit"}),
    )
    assert response.status_code == 302
    mail.outbox.clear()
    client.force_login(users["reviewer"])
    return ArticlePage.objects.get(pk=draft.pk)


def action_data(page, action: str, comment: str | None, **overrides) -> dict:
    """The edit form as the editor's action menu posts it (the modal adds the extra data).

    The reviewer changes nothing: edits would make them an author, who may not approve.
    """
    data = unchanged_form_data(page, **overrides)
    data |= {"action-workflow-action": "true", "workflow-action-name": action}
    if comment is not None:
        data["workflow-action-extra-data"] = json.dumps({"comment": comment})
    return data


def post_action(client, page, action, comment=None, **headers):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        action_data(page, action, comment),
        **headers,
    )


def log_actions(page) -> list[str]:
    return sorted(
        PageLogEntry.objects.filter(page=page, action__startswith="wagtail.")
        .exclude(action__in=["wagtail.create", "wagtail.edit"])
        .values_list("action", flat=True)
    )


def workflow_status(page) -> str:
    return WorkflowState.objects.filter(object_id=str(page.pk)).latest("created_at").status


def message_texts(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def assert_approved_once(page, users, comment: str) -> None:
    article = ArticlePage.objects.get(pk=page.pk)
    assert article.live and not article.has_unpublished_changes
    assert article.standfirst == EDITED
    assert article.last_reviewed == timezone.localdate()
    record = ReviewRecord.objects.get(page=page)
    assert (record.reviewer, record.comment) == (users["reviewer"], comment)
    # The published revision is the review stamp, saved on top of the reviewed one.
    assert article.live_revision == article.latest_revision
    assert article.live_revision.as_object().last_reviewed == timezone.localdate()
    assert workflow_status(page) == WorkflowState.STATUS_APPROVED
    assert log_actions(page).count("wagtail.publish") == 1
    assert log_actions(page).count("wagtail.workflow.approve") == 1
    to_editor = [m for m in mail.outbox if m.to == [users["editor"].email]]
    assert len(to_editor) == 1 and "approved" in to_editor[0].subject.lower()


@pytest.mark.parametrize("comment", [None, "Doses checked against the label."])
def test_approve_from_the_editor_publishes_stamped_once(client, users, submitted, comment):
    response = post_action(client, submitted, "approve", comment)
    assert response.status_code == 302
    assert_approved_once(submitted, users, comment or "")


@pytest.mark.parametrize("comment", [None, "Cite the trial."])
def test_request_changes_from_the_editor_leaves_the_page_unpublished(
    client, users, submitted, comment
):
    response = post_action(client, submitted, "reject", comment)
    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=submitted.pk)
    assert not article.live and article.last_reviewed is None
    assert not ReviewRecord.objects.exists()
    assert workflow_status(submitted) == WorkflowState.STATUS_NEEDS_CHANGES
    assert "wagtail.publish" not in log_actions(submitted)
    assert log_actions(submitted).count("wagtail.workflow.reject") == 1
    to_editor = [m for m in mail.outbox if m.to == [users["editor"].email]]
    assert len(to_editor) == 1 and "rejected" in to_editor[0].subject


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_the_same_action_posted_again_is_answered_and_changes_nothing(
    client, users, submitted, action
):
    """The second of two concurrent posts runs after the first (the page row is locked)."""
    post_action(client, submitted, action, "First answer.")
    before = (
        submitted.revisions.count(),
        ReviewRecord.objects.count(),
        log_actions(submitted),
        len(mail.outbox),
        ArticlePage.objects.get(pk=submitted.pk).live,
    )

    response = post_action(client, submitted, "approve", "Second answer.", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=[submitted.pk])
    [text] = [text for text in message_texts(response) if "no longer awaiting review" in text]
    assert "Nothing was changed" in text
    after = (
        submitted.revisions.count(),
        ReviewRecord.objects.count(),
        log_actions(submitted),
        len(mail.outbox),
        ArticlePage.objects.get(pk=submitted.pk).live,
    )
    assert after == before


def test_an_autosave_carrying_the_action_never_applies_it(client, users, submitted):
    """The autosave that went out with the modal's hidden fields is refused (409), not applied."""
    response = post_action(
        client, submitted, "approve", "From the modal.", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 409
    assert response.json()["success"] is False
    assert not ArticlePage.objects.get(pk=submitted.pk).live
    assert workflow_status(submitted) == WorkflowState.STATUS_IN_PROGRESS

    # The modal's own post then approves, once.
    post_action(client, submitted, "approve", "From the modal.")
    assert_approved_once(submitted, users, "From the modal.")

    # An autosave that was waiting on the page lock meanwhile is told it is out of date.
    stale = article_form_data(
        submitted,
        standfirst="Typed while the approval ran.",
        loaded_revision_id=str(submitted.latest_revision_id),
        loaded_revision_created_at=submitted.latest_revision.created_at.isoformat(),
    )
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[submitted.pk]),
        stale,
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    assert_approved_once(submitted, users, "From the modal.")


def test_a_failure_during_approval_undoes_the_whole_request(client, submitted, django_user_model):
    """A superuser may edit while approving: their revision is undone with the approval."""
    client.force_login(django_user_model.objects.create_superuser("root", "root@helix.example"))
    revisions = submitted.revisions.count()
    failing = mock.patch("editorial.models.record_review", side_effect=RuntimeError("disk"))
    with failing, pytest.raises(RuntimeError):
        client.post(
            reverse("wagtailadmin_pages:edit", args=[submitted.pk]),
            action_data(submitted, "approve", "Fine.", title="A new title"),
        )
    article = ArticlePage.objects.get(pk=submitted.pk)
    assert article.revisions.count() == revisions
    assert article.title == "Base editing explained" and not article.live
    assert not ReviewRecord.objects.exists()
    assert workflow_status(submitted) == WorkflowState.STATUS_IN_PROGRESS


def test_a_reviewer_who_edits_while_approving_is_refused_and_nothing_is_saved(
    client, users, submitted
):
    """Their edits would go live with nobody else having read them: they made them authors."""
    revisions = submitted.revisions.count()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[submitted.pk]),
        action_data(submitted, "approve", "Fixed a dose.", standfirst="Changed by the reviewer."),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=[submitted.pk])
    [text] = [text for text in message_texts(response) if "another medical reviewer" in text]
    assert "You wrote some of the changes under review" in text
    assert "Nothing was approved or published" in text
    assert "edits in this form were not saved" in text
    article = ArticlePage.objects.get(pk=submitted.pk)
    assert not article.live and article.revisions.count() == revisions
    assert article.get_latest_revision_as_object().standfirst == EDITED
    assert not ReviewRecord.objects.exists()
    assert workflow_status(submitted) == WorkflowState.STATUS_IN_PROGRESS
    assert "wagtail.workflow.approve" not in log_actions(submitted)


def test_a_reviewer_whose_edits_were_autosaved_is_told_why_approve_is_refused(
    client, users, submitted, parse
):
    """Autosave saved their revision after the menu was drawn; the menu's Approve then fails."""
    page = ArticlePage.objects.get(pk=submitted.pk)
    autosave = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        unchanged_form_data(
            page,
            standfirst="Typed by the reviewer.",
            loaded_revision_id=str(page.latest_revision_id),
            loaded_revision_created_at=page.latest_revision.created_at.isoformat(),
        ),
        HTTP_ACCEPT="application/json",
    )
    assert autosave.json()["success"] is True

    # "Approve with comment" opens its modal: the reason is shown instead of the form.
    state = page.current_workflow_task_state
    for view in ("collect_workflow_action_data", "workflow_action"):
        modal = client.get(
            reverse(f"wagtailadmin_pages:{view}", args=[page.pk, "approve", state.pk]),
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        )
        body = parse(modal.json()["html"])
        assert (
            "You wrote some of the changes under review"
            in body.select_one("[data-approval-refused]").get_text()
        )
        assert body.select_one("form") is None

    response = post_action(client, ArticlePage.objects.get(pk=page.pk), "approve", follow=True)

    [text] = [text for text in message_texts(response) if "another medical reviewer" in text]
    assert "You wrote some of the changes under review" in text
    assert not ArticlePage.objects.get(pk=page.pk).live
    assert workflow_status(page) == WorkflowState.STATUS_IN_PROGRESS
