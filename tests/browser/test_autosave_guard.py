"""Clicking "Submit for review" while Wagtail's first autosave is still in flight.

Wagtail 8 autosaves a new page by posting the form to the "add" URL; only when
that answers does the form point at the new page's "edit" URL. A click in
between used to post the form to the "add" URL again: the page was created
twice and the editor saw an error page. Helix's guard makes the click wait.
The test holds the autosave request in the browser, clicks, then lets it go.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.factories import ArticleIndexPageFactory, AuthorFactory
from articles.models import ArticlePage
from editorial import roles
from editorial.factories import UserFactory
from tests.browser.helpers import log_in, write_article_without_title

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Base editing in the liver lowers cholesterol"
SLUG = "base-editing-in-the-liver-lowers-cholesterol"


def is_autosave(request) -> bool:
    return request.method == "POST" and "application/json" in request.headers.get("accept", "")


def test_submit_during_first_autosave_waits_and_creates_the_page_once(
    browser_context, live_server, home
):
    index = ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True)
    AuthorFactory(name="Marta Vidal")
    UserFactory(username="edna", groups=[roles.EDITORS])
    editor = browser_context.new_page()
    log_in(editor, live_server.url, "edna")

    add_url = f"{live_server.url}/admin/pages/add/articles/articlepage/{index.pk}/"
    held, posts_to_add = [], []

    def hold_autosave_once_titled(route):
        # Autosaves before the title and its slug are in fail validation and create nothing;
        # the first one with both would create the page: hold that one.
        if route.request.method == "POST":
            posts_to_add.append("autosave" if is_autosave(route.request) else "form")
        if is_autosave(route.request) and SLUG in (route.request.post_data or ""):
            held.append(route)
        else:
            route.continue_()

    editor.route(add_url, hold_autosave_once_titled)
    editor.goto(add_url)
    # Wagtail's change tracker takes its baseline two seconds after load; edits
    # before that start no autosave. Wait for it, as a person's typing would.
    editor.evaluate(
        "() => new Promise(done =>"
        " document.addEventListener('w-unsaved:watch-edits', done, {once: true}))"
    )
    write_article_without_title(
        editor,
        standfirst="One infusion switches off a cholesterol gene.",
        author="Marta Vidal",
        paragraph="Cholesterol fell by half in the first patients.",
    )
    editor.locator("#id_title").fill(TITLE)
    editor.locator("#id_title").press("Tab")  # leaving the title fills in the slug
    expect(editor.locator("#id_slug")).to_have_value(SLUG)
    expect(editor.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saving"
    )
    # Playwright calls the route handler while it is waiting: wait in the browser.
    for _ in range(100):
        if held:
            break
        editor.wait_for_timeout(50)
    assert held, "the autosave with the title and slug did not go out"

    editor.locator("footer [data-w-dropdown-target=toggle]").first.click()
    editor.locator("footer button[name=action-submit]").click()
    # The guard has caught the submit (it switches autosave off in the same handler
    # that would have let the post go): any post to the add URL has been issued by now.
    expect(editor.locator("form[data-edit-form]")).to_have_attribute(
        "data-w-autosave-active-value", "false"
    )
    assert "form" not in posts_to_add, "the click posted the form before the autosave answered"
    assert not ArticlePage.objects.filter(title=TITLE).exists()

    held[0].continue_()
    expect(editor.locator(".messages")).to_contain_text("submitted")
    expect(editor).not_to_have_url(re.compile(r"/admin/pages/add/"))

    assert "form" not in posts_to_add, "the form went to the add URL: the page was created twice"
    article = ArticlePage.objects.get(title=TITLE)
    assert article.workflow_in_progress and not article.live
    draft = article.get_latest_revision_as_object()
    assert draft.standfirst == "One infusion switches off a cholesterol gene."
    assert [link.author.name for link in draft.authors.all()] == ["Marta Vidal"]
