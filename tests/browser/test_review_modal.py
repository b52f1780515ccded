"""An approver edits in the page editor, then approves from the "Approve with comment" modal.

The modal puts the action into the editor form and submits it from script; an
autosave going out at the same time used to carry the action too, and one of
the two posts answered 500 with the page left unpublished and unstamped. The
approver here edits the page first (so autosave has work to do), then approves
with a comment: the page goes live once, with its review stamp and the edit.
Only a superuser may approve their own edits (a medical reviewer who edits
becomes an author: tests/editorial/test_workflow_actions.py), so the approver
is one, and the review record says they approved their own changes.
(The race itself is replayed deterministically in tests/editorial/test_workflow_actions.py.)
"""

import re

import pytest
from playwright.sync_api import expect

from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory, AuthorFactory
from articles.models import ArticlePage
from editorial import roles
from editorial.factories import UserFactory
from editorial.models import ReviewRecord
from tests.browser.helpers import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMMENT = "Doses checked against the label."


def test_approve_with_comment_from_the_editor_publishes_with_the_stamp(
    browser_context, live_server, home
):
    index = ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True)
    editor_user = UserFactory(username="edna", groups=[roles.EDITORS])
    reviewer_user = UserFactory(
        username="rita", groups=[roles.MEDICAL_REVIEWERS], is_superuser=True, is_staff=True
    )
    article = ArticlePageFactory(
        parent=index,
        title="Base editing explained",
        authors=[AuthorFactory()],
        live=False,
        revision=True,
    )
    article.get_workflow().start(article, editor_user)

    reviewer = browser_context.new_page()
    server_errors: list[str] = []
    reviewer.on("response", lambda r: server_errors.append(r.url) if r.status >= 500 else None)
    log_in(reviewer, live_server.url, "rita")
    edit_url = live_server.url + reverse("wagtailadmin_pages:edit", args=[article.pk])
    reviewer.goto(edit_url)
    reviewer.evaluate(
        "() => new Promise(done =>"
        " document.addEventListener('w-unsaved:watch-edits', done, {once: true}))"
    )
    # An edit, so that Wagtail's autosave has something to send around the approval.
    reviewer.locator("#id_standfirst").fill("One infusion lets the liver make factor IX.")

    reviewer.locator("footer [data-w-dropdown-target=toggle]").first.click()
    reviewer.get_by_role("button", name="Approve with comment").click()
    modal = reviewer.locator(".modal-dialog")
    expect(modal).to_be_visible()
    modal.locator("textarea[name=comment]").fill(COMMENT)
    modal.get_by_role("button", name="Approve with comment").click()

    expect(reviewer).not_to_have_url(re.compile(r"/edit/$"))
    expect(reviewer.locator(".messages")).to_contain_text("Base editing explained")
    assert server_errors == []

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and not article.has_unpublished_changes
    assert article.standfirst == "One infusion lets the liver make factor IX."
    assert article.last_reviewed == timezone.localdate()
    record = ReviewRecord.objects.get(page=article)
    assert (record.reviewer, record.comment) == (reviewer_user, COMMENT)
    assert record.approved_own_changes
    assert PageLogEntry.objects.filter(page=article, action="wagtail.publish").count() == 1
