"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never downloads a browser: it launches the system Chromium (``/usr/bin/chromium``
from ``apt-get install chromium``, or ``HELIX_CHROMIUM``). Without one the tests
skip with the reason, except under CI (``CI=true``), where ``.ci/run`` installs
Chromium first and a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.editorial.conftest import users  # noqa: F401 (fixtures)

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
LAUNCH_ARGS = [
    # Offline and quiet: no update checks, metrics, component downloads.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 10_000


def find_chromium() -> str | None:
    configured = os.environ.get("HELIX_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI installs it: see .ci/run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def chromium(django_db_setup):
    """The system Chromium, launched headless once for the browser tests.

    Package scope: Playwright and the environment switch below end with the
    browser tests, so no later test (nor a subprocess it starts, e.g. ``check
    --deploy``) runs with them.

    Playwright's sync API keeps an event loop running in the test thread from
    here on; Django refuses ORM calls from such a thread unless told the code
    is synchronous (``DJANGO_ALLOW_ASYNC_UNSAFE``), restored afterwards.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: pip install -r requirements-dev.txt")
    executable = find_chromium()
    if executable is None:
        _unavailable("No Chromium found: apt-get install -y chromium (or set HELIX_CHROMIUM)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=LAUNCH_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def site_tree(db):
    """The rows migrations create that a live-server test needs, whatever ran before.

    ``transaction=True`` tests end with a flush. Serialized rollback should
    restore the migrated rows, but after a test that served the browser the
    next test found them gone (SQLite in memory, Django 5.2); so content types,
    permissions, the root page, default locale, the editorial and comment
    moderator groups and the Medical review workflow are (re)made here, with
    the migrations' own idempotent functions.
    """
    import importlib

    from django.apps import apps
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    if not ContentType.objects.exists():
        # Flushed without the post-migrate step: content types and permissions too.
        ContentType.objects.clear_cache()
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    # The migrations' functions mark each app as having models while they create
    # its permissions, then unmark it; on the live app registry that would hide
    # every app from later post-migrate signals, so the marks are put back.
    models_modules = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        for module, function in (
            ("editorial.migrations.0002_roles", "create_roles"),
            ("editorial.migrations.0003_medical_review_workflow", "create_workflow"),
            ("comments.migrations.0002_comment_moderators_group", "create_group"),
        ):
            getattr(importlib.import_module(module), function)(apps, None)
    finally:
        for config in apps.get_app_configs():
            config.models_module = models_modules[config.label]


@pytest.fixture
def home(site_tree, home):
    """The shared ``home`` fixture, on top of a restored site tree."""
    return home
