"""An editor writes an article in the admin and submits it; a reviewer approves; it is live."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import ArticlePage
from editorial import roles
from editorial.models import ReviewRecord
from tests.editorial.helpers import PASSWORD, make_article_index, make_author, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_editor_submits_reviewer_approves_article_goes_live(browser_context, live_server, home):
    index = make_article_index(home)
    author = make_author("Marta Vidal")
    make_user("edna", roles.EDITORS)
    make_user("rita", roles.MEDICAL_REVIEWERS)

    editor = browser_context.new_page()
    log_in(editor, live_server.url, "edna")
    editor.goto(f"{live_server.url}/admin/pages/add/articles/articlepage/{index.pk}/")
    editor.locator("#id_title").fill("Prime editing reaches the clinic")
    editor.locator("#id_standfirst").fill("A first patient is treated with a prime editor.")
    editor.locator("#id_authors-0-author").select_option(str(author.pk))
    body = editor.locator("#panel-child-content-body-section")
    body.locator("button.c-sf-add-button").first.click()
    editor.get_by_role("option", name="Paragraph").first.click()
    body.locator("[role=textbox]").first.fill("The editor rewrites a short DNA stretch.")
    editor.locator("footer [data-w-dropdown-target=toggle]").first.click()
    editor.locator("footer button[name=action-submit]").click()
    expect(editor.locator(".messages")).to_contain_text("submitted")

    article = ArticlePage.objects.get(title="Prime editing reaches the clinic")
    assert article.workflow_in_progress and not article.live

    reviewer = browser_context.new_page()
    browser_context.clear_cookies()
    log_in(reviewer, live_server.url, "rita")
    # The dashboard's "Awaiting your review" panel lists the article with its actions.
    reviewer.goto(live_server.url + "/admin/")
    row = reviewer.locator("tr", has_text="Prime editing reaches the clinic")
    approve = row.locator("button[data-workflow-action-url*='/approve/']:not([data-launch-modal])")
    if not approve.is_visible():
        row.locator("[data-w-dropdown-target=toggle], .dropdown-toggle").first.click()
    approve.click()
    # The dashboard posts the action in the background, then reloads.
    for _ in range(50):
        if ArticlePage.objects.filter(pk=article.pk, live=True).exists():
            break
        reviewer.wait_for_timeout(200)

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live, "approval published the article"
    assert ReviewRecord.objects.get(page=article).reviewer.username == "rita"

    reader = browser_context.new_page()
    browser_context.clear_cookies()
    reader.goto(live_server.url + article.url)
    expect(reader.locator("h1")).to_have_text("Prime editing reaches the clinic")
