"""Autosave paused by a slug clash stays paused: no requests until the editor changes the slug.

A new article whose slug is already taken fails autosave ("Autosave is
paused"). The editor used to keep posting the form every few seconds (each
answered 400). Now nothing is posted while paused, whatever else the editor
types, and changing the slug resumes autosave, which then creates the page once.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory, AuthorFactory
from articles.models import ArticlePage
from editorial import roles
from editorial.factories import UserFactory
from tests.browser.helpers import log_in, write_article_without_title

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Base editing explained"

# Records the saves counted when Wagtail next notices an edit ("w-unsaved:add", which
# is what starts an autosave).
NEXT_EDIT_NOTICED = """() => {
    window.helixSavesWhenNoticed = null;
    document.addEventListener('w-unsaved:add',
        () => { window.helixSavesWhenNoticed = window.helixSaves; }, {once: true});
}"""
COUNT_SAVES = """() => {
    window.helixSaves = 0;
    document.addEventListener('w-autosave:save', () => { window.helixSaves += 1; });
}"""


def test_paused_autosave_posts_nothing_until_the_slug_changes(browser_context, live_server, home):
    index = ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True)
    ArticlePageFactory(
        parent=index,
        title=TITLE,
        slug="base-editing-explained",  # held: the new article must not take it
        authors=[AuthorFactory()],
        revision=True,
    )
    AuthorFactory(name="Marta Vidal")
    UserFactory(username="edna", groups=[roles.EDITORS])
    editor = browser_context.new_page()
    log_in(editor, live_server.url, "edna")

    add_url = f"{live_server.url}/admin/pages/add/articles/articlepage/{index.pk}/"
    posts: list[str] = []
    editor.on(
        "request",
        lambda request: posts.append(request.post_data or "") if request.method == "POST" else None,
    )
    editor.goto(add_url)
    editor.evaluate(
        "() => new Promise(done =>"
        " document.addEventListener('w-unsaved:watch-edits', done, {once: true}))"
    )
    editor.evaluate(COUNT_SAVES)
    write_article_without_title(
        editor,
        standfirst="What base editors change, letter by letter.",
        author="Marta Vidal",
        paragraph="A base editor swaps one DNA letter for another.",
    )
    editor.locator("#id_title").fill(TITLE)
    editor.locator("#id_title").press("Tab")
    indicator = editor.locator("#w-autosave-indicator")
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "paused")
    expect(editor.locator("footer")).to_contain_text("validation errors")
    # Helix's pause: an answer to an autosave sent before the slug was filled in pauses
    # nothing (the next one carries the slug); the answer to that one does.
    expect(editor.locator("form[data-edit-form]")).to_have_attribute(
        "data-w-autosave-active-value", "false"
    )

    posts.clear()
    saves_at_pause = editor.evaluate("() => window.helixSaves")
    # Another edit while paused: Wagtail notices it ("w-unsaved:add")...
    editor.evaluate(NEXT_EDIT_NOTICED)
    editor.locator("#id_standfirst").fill("What base editors change, one letter at a time.")
    editor.wait_for_function("() => window.helixSavesWhenNoticed !== null")
    saves_when_noticed = editor.evaluate("() => window.helixSavesWhenNoticed")
    # ...but starts no autosave, and none went out.
    assert saves_when_noticed == saves_at_pause
    assert [p for p in posts if "standfirst" in p] == []
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "paused")

    # A new slug resumes autosave: the page is created once, with that slug.
    editor.get_by_role("tab", name="Promote").click()
    editor.locator("#id_slug").fill("base-editing-explained-letter-by-letter")
    editor.locator("#id_slug").press("Tab")
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")
    expect(editor).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    created = ArticlePage.objects.filter(slug="base-editing-explained-letter-by-letter")
    assert created.count() == 1
    assert ArticlePage.objects.filter(title=TITLE).count() == 2
