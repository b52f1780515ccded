"""What several browser scenarios do: log in, pick from a chooser, write an article, wait."""

import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from editorial.factories import PASSWORD

WAIT_SECONDS = 10


def log_in(page: Page, base_url: str, username: str) -> None:
    """Sign in through the admin login form, as a person does (django-axes sees it)."""
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def choose_in_modal(page: Page, label: str, search: str | None = None) -> None:
    """In an open chooser modal, optionally search, then pick the row named ``label``."""
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    if search is not None:
        modal.get_by_role("textbox", name="Search term").fill(search)
    modal.locator("a[data-chooser-modal-choice]", has_text=label).click()
    expect(modal).to_be_hidden()


def wait_until(condition: Callable[[], bool], message: str) -> None:
    """Poll until ``condition`` holds: the admin posts some actions in the background."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)


def write_article_without_title(editor: Page, standfirst: str, author: str, paragraph: str):
    """On an open "add article" form: the standfirst, one author, one paragraph.

    The title is left to the caller (when it is typed matters to autosave).
    Returns the paragraph's editor, for further typing.
    """
    editor.locator("#id_standfirst").fill(standfirst)
    editor.locator("#id_authors-0-author-chooser").get_by_role(
        "button", name="Choose author"
    ).click()
    choose_in_modal(editor, author)
    body = editor.locator("#panel-child-content-body-section")
    body.locator("button.c-sf-add-button").first.click()
    editor.get_by_role("option", name="Paragraph").first.click()
    text = body.locator("[role=textbox]").first
    text.fill(paragraph)
    wait_for_draftail(body, paragraph.split()[0])
    return text


def wait_for_draftail(body, fragment: str) -> None:
    """Wait until Draftail has written ``fragment`` into the form.

    Draftail copies the editor's content into a hidden field a moment after
    typing (its save interval); a person never submits that fast.
    """
    expect(body.locator(f"input[name$='-value'][value*='{fragment}']")).to_have_count(1)
