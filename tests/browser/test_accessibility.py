"""Readers and editors using a keyboard or assistive technology can use the site."""

import pytest

from tests.browser.axe import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_page_has_no_serious_axe_violations(page, live_server, home):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == home.title
    assert blocking_violations(page) == []


def test_admin_login_has_no_serious_axe_violations(page, live_server, home):
    page.goto(live_server.url + "/admin/login/")
    assert page.get_by_label("Username").is_visible()
    assert blocking_violations(page) == []


def test_keyboard_reaches_skip_link_then_main_content(page, live_server, home):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.textContent.trim()]"
    )
    assert focused == ["skip-link", "Skip to main content"]
    assert page.locator(".skip-link").is_visible(), "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    assert page.url.endswith("#main")
