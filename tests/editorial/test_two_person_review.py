"""A medical approval takes two people: nobody approves changes they wrote or submitted.

Driven through the admin as reviewers work: the editor, the dashboard, the
approve URL. A superuser may approve alone, and the page history says so.
"""

import datetime
from unittest import mock

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

from articles.models import ArticlePage
from editorial import roles
from editorial.factories import UserFactory
from editorial.models import ReviewRecord
from tests.editorial.helpers import article_form_data

pytestmark = pytest.mark.django_db

REFUSAL = "another medical reviewer must approve them"


@pytest.fixture
def second_reviewer(db):
    return UserFactory(username="second-reviewer", groups=[roles.MEDICAL_REVIEWERS])


@pytest.fixture
def draft(client, users, article_index):
    """A draft the editor wrote in the admin (the editor is its owner and only author)."""
    client.force_login(users["editor"])
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", article_index.pk])
    client.post(url, article_form_data(title="Base editing explained", slug="base-editing"))
    return ArticlePage.objects.get(slug="base-editing")


def edit(client, page, **fields):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), article_form_data(page, **fields)
    )


def submit(client, page, **fields):
    return edit(client, page, **{"action-submit": "Submit", **fields})


def approve_url(page) -> str:
    page = ArticlePage.objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])


def approve(client, page, **kwargs):
    return client.post(approve_url(page), {"comment": ""}, **kwargs)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def is_live(page) -> bool:
    return ArticlePage.objects.get(pk=page.pk).live


def offers_approve(client, page, parse) -> bool:
    """Whether the page editor's action menu or the dashboard offers "Approve"."""
    editor = parse(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    dashboard = parse(client.get(reverse("wagtailadmin_home")))
    in_menu = editor.select(
        '[data-workflow-action-name="approve"], [name="action-workflow-action"]'
    )
    on_dashboard = dashboard.select("[data-workflow-action-url*='/approve/']")
    return bool(in_menu or on_dashboard)


def test_a_reviewer_who_submitted_is_not_offered_approve_and_the_url_refuses(
    client, users, draft, parse
):
    client.force_login(users["reviewer"])
    submit(client, draft, standfirst="Written and submitted by the reviewer.")
    assert not offers_approve(client, draft, parse)

    response = approve(client, draft, follow=True)

    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    [text] = [text for text in messages_of(response) if REFUSAL in text]
    assert text.startswith("You submitted these changes for medical review")
    assert "Nothing was approved or published" in text
    assert not is_live(draft)
    assert not ReviewRecord.objects.exists()
    # The modal's GET of the same URL is refused too.
    response = client.get(approve_url(draft), follow=True)
    assert any(REFUSAL in text for text in messages_of(response))


def test_a_reviewer_who_wrote_part_of_the_changes_cannot_approve_them(
    client, users, draft, second_reviewer, parse
):
    """The reviewer edited the draft; the editor submitted it: a third person approves."""
    client.force_login(users["reviewer"])
    edit(client, draft, standfirst="Dose corrected by the reviewer.")
    client.force_login(users["editor"])
    submit(client, draft)

    client.force_login(users["reviewer"])
    assert not offers_approve(client, draft, parse)
    response = approve(client, draft, follow=True)
    [text] = [text for text in messages_of(response) if REFUSAL in text]
    assert text.startswith("You wrote some of the changes under review")
    assert not is_live(draft)

    client.force_login(second_reviewer)
    assert offers_approve(client, draft, parse)
    approve(client, draft)
    assert is_live(draft)
    record = ReviewRecord.objects.get(page=draft)
    assert record.reviewer == second_reviewer and not record.approved_own_changes


def test_what_was_published_before_is_no_longer_under_review(client, users, draft):
    """A reviewer who wrote an earlier, approved version may review a colleague's next change."""
    client.force_login(users["reviewer"])
    edit(client, draft, standfirst="The reviewer's first version.")
    client.force_login(users["editor"])
    submit(client, draft)
    client.force_login(UserFactory(groups=[roles.MEDICAL_REVIEWERS]))
    approve(client, draft)
    assert is_live(draft)

    client.force_login(users["editor"])
    submit(client, ArticlePage.objects.get(pk=draft.pk), standfirst="The editor's update.")
    client.force_login(users["reviewer"])
    approve(client, draft)
    article = ArticlePage.objects.get(pk=draft.pk)
    assert article.live and article.standfirst == "The editor's update."


def test_a_scheduled_approval_once_live_is_no_longer_under_review(client, users, draft):
    """The live revision is then the reviewer's review stamp: it counts as reviewed."""
    go_live_at = timezone.now() + datetime.timedelta(days=2)
    client.force_login(users["editor"])
    submit(client, draft, go_live_at=go_live_at)
    client.force_login(users["reviewer"])
    approve(client, draft)
    with mock.patch("django.utils.timezone.now", return_value=go_live_at):
        call_command("publish_scheduled")
    assert is_live(draft)

    client.force_login(users["editor"])
    submit(client, ArticlePage.objects.get(pk=draft.pk), standfirst="A correction.")
    client.force_login(users["reviewer"])
    approve(client, draft)
    assert ReviewRecord.objects.filter(page=draft, reviewer=users["reviewer"]).count() == 2
    assert ArticlePage.objects.get(pk=draft.pk).standfirst == "A correction."


def test_a_superuser_may_approve_their_own_changes_and_the_history_says_so(
    client, users, draft, parse
):
    superuser = users["superuser"]
    client.force_login(superuser)
    submit(client, draft, standfirst="An urgent safety notice.")
    assert offers_approve(client, draft, parse)

    approve(client, draft)

    assert is_live(draft)
    record = ReviewRecord.objects.get(page=draft)
    assert record.reviewer == superuser and record.approved_own_changes
    entry = PageLogEntry.objects.get(page=draft, action="editorial.approve_own_changes")
    assert entry.user == superuser
    history = parse(client.get(reverse("wagtailadmin_pages:history", args=[draft.pk])))
    assert "Approved changes they wrote or submitted" in history.get_text(" ", strip=True)


def test_an_ordinary_approval_leaves_no_own_changes_entry(client, users, draft):
    client.force_login(users["editor"])
    submit(client, draft)
    client.force_login(users["reviewer"])
    approve(client, draft)
    assert is_live(draft)
    assert not PageLogEntry.objects.filter(action="editorial.approve_own_changes").exists()
    assert not ReviewRecord.objects.get(page=draft).approved_own_changes


def test_an_editor_sending_the_approve_url_gets_wagtails_refusal(client, users, draft):
    """Not a reviewer at all: nothing about authorship to explain, and nothing happens."""
    client.force_login(users["editor"])
    submit(client, draft)
    response = approve(client, draft)
    assert response.status_code in {302, 403}
    assert not is_live(draft)
