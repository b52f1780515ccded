"""What several browser scenarios do: log in to the admin, pick from a chooser, wait for a write."""

import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.editorial.helpers import PASSWORD

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
