"""The Medical review workflow, driven through the Wagtail admin views.

An editor's submission waits for a medical reviewer; approval publishes the
page, records the reviewer and stamps the review date; scheduled publishing
still works through it.
"""

import datetime
from unittest import mock

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, WorkflowState

from articles.factories import ArticlePageFactory, AuthorFactory
from articles.models import ArticlePage
from editorial.models import ReviewerProfile, ReviewRecord
from tests.editorial.helpers import article_form_data

pytestmark = pytest.mark.django_db


def submit(client, article, **overrides):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        article_form_data(article, **{"action-submit": "Submit", **overrides}),
    )


def act(client, article, action, comment=""):
    state = article.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[article.pk, action, state.pk]),
        {"comment": comment},
    )


@pytest.fixture
def draft(article_index):
    return ArticlePageFactory(
        parent=article_index,
        title="Base editing explained",
        authors=[AuthorFactory()],
        live=False,
        revision=True,
    )


def test_every_page_is_under_medical_review(home, draft):
    assert draft.get_workflow().name == "Medical review"
    assert home.get_workflow().name == "Medical review"


def test_editor_submits_and_reviewer_approval_publishes(client, users, draft):
    client.force_login(users["editor"])
    response = submit(client, draft, standfirst="Edited by the editor.")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.workflow_in_progress
    assert not draft.live

    client.force_login(users["reviewer"])
    response = act(client, draft, "approve", comment="Doses checked against the label.")
    assert response.status_code in (200, 302)
    article = ArticlePage.objects.get(pk=draft.pk)
    assert article.live
    assert article.standfirst == "Edited by the editor."
    assert article.last_reviewed == timezone.localdate()
    record = ReviewRecord.objects.get(page=draft)
    assert record.reviewer == users["reviewer"]
    assert record.comment == "Doses checked against the label."
    assert record.revision.as_object().standfirst == "Edited by the editor."
    state = WorkflowState.objects.get(object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_APPROVED


def test_approval_sets_reviewed_by_from_the_reviewers_byline(client, users, draft):
    author = AuthorFactory(name="Dr Lucía Ortega")
    ReviewerProfile.objects.create(user=users["reviewer"], author=author)
    client.force_login(users["editor"])
    submit(client, draft)
    client.force_login(users["reviewer"])
    act(client, ArticlePage.objects.get(pk=draft.pk), "approve")
    assert ArticlePage.objects.get(pk=draft.pk).reviewed_by == author


def test_reviewer_can_request_changes(client, users, draft):
    client.force_login(users["editor"])
    submit(client, draft)
    client.force_login(users["reviewer"])
    act(client, ArticlePage.objects.get(pk=draft.pk), "reject", comment="Cite the trial.")
    article = ArticlePage.objects.get(pk=draft.pk)
    assert not article.live
    assert article.last_reviewed is None
    assert not ReviewRecord.objects.exists()
    state = WorkflowState.objects.get(object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_editor_cannot_approve_nor_publish(client, users, draft):
    client.force_login(users["editor"])
    submit(client, draft)
    article = ArticlePage.objects.get(pk=draft.pk)
    act(client, article, "approve")
    assert not ArticlePage.objects.get(pk=draft.pk).live
    assert article.current_workflow_task_state.status == "in_progress"

    other = ArticlePageFactory(
        parent=draft.get_parent().specific,
        title="Second draft",
        authors=[AuthorFactory()],
        live=False,
        revision=True,
    )
    client.post(
        reverse("wagtailadmin_pages:edit", args=[other.pk]),
        article_form_data(other, **{"action-publish": "Publish"}),
    )
    assert not Page.objects.get(pk=other.pk).live


def test_scheduled_publishing_goes_through_review(client, users, draft):
    go_live_at = timezone.now() + datetime.timedelta(days=2)
    client.force_login(users["editor"])
    submit(client, draft, go_live_at=go_live_at)
    client.force_login(users["reviewer"])
    act(client, ArticlePage.objects.get(pk=draft.pk), "approve")

    article = ArticlePage.objects.get(pk=draft.pk)
    assert not article.live, "approved but scheduled: not live before go_live_at"
    revision = article.get_latest_revision()
    assert revision.approved_go_live_at is not None
    assert revision.as_object().last_reviewed == timezone.localdate()

    call_command("publish_scheduled")
    assert not ArticlePage.objects.get(pk=draft.pk).live

    later = go_live_at + datetime.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    article = ArticlePage.objects.get(pk=draft.pk)
    assert article.live
    assert article.last_reviewed is not None


def test_resubmission_after_changes_is_approved_once(client, users, draft):
    client.force_login(users["editor"])
    submit(client, draft)
    client.force_login(users["reviewer"])
    act(client, ArticlePage.objects.get(pk=draft.pk), "reject", comment="Cite the trial.")
    client.force_login(users["editor"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        article_form_data(draft, **{"action-restart-workflow": "Resubmit"}),
    )
    assert response.status_code == 302
    client.force_login(users["reviewer"])
    act(client, ArticlePage.objects.get(pk=draft.pk), "approve")
    assert ArticlePage.objects.get(pk=draft.pk).live
    assert ReviewRecord.objects.filter(page=draft).count() == 1
