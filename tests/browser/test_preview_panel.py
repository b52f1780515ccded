"""The editor's live preview panel shows the page (it was blank: framing was refused)."""

import pytest
from playwright.sync_api import expect

from django.urls import reverse

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory, AuthorFactory
from editorial import roles
from editorial.factories import UserFactory
from tests.browser.helpers import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_preview_panel_shows_the_draft(browser_context, live_server, home):
    index = ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True)
    UserFactory(username="edna", groups=[roles.EDITORS])
    article = ArticlePageFactory(
        parent=index,
        title="Base editing explained",
        authors=[AuthorFactory()],
        live=False,
        revision=True,
    )
    editor = browser_context.new_page()
    refused: list[str] = []
    editor.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or "frame" in message.text.lower()
            else None
        ),
    )
    log_in(editor, live_server.url, "edna")
    editor.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[article.pk]))
    editor.locator("[data-side-panel-toggle=preview]").click()
    frame = editor.frame_locator("#w-preview-iframe")
    expect(frame.locator("h1")).to_have_text("Base editing explained")
    assert refused == []
