"""Security headers on every public page type; /admin/ relaxed only for the CSP."""

from urllib.parse import urlsplit

import pytest

from django.contrib.auth import get_user_model
from django.test import override_settings

from tests.hardening.checks import assert_security_headers, csp_directives
from tests.hardening.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("build_page", "status"), PUBLIC_PAGES)
def test_public_page_sends_security_headers(client, home, build_page, status):
    response = client.get(build_page(home))
    assert response.status_code == status
    assert_security_headers(response)


def test_base_template_script_runs_by_nonce_and_nonce_changes_per_request(client, home, parse):
    first, second = client.get("/"), client.get("/")
    nonces = []
    for response in (first, second):
        script = parse(response).find("script", nonce=True)
        assert "no-js" in script.get_text()
        assert f"'nonce-{script['nonce']}'" in csp_directives(response)["script-src"]
        nonces.append(script["nonce"])
    assert nonces[0] != nonces[1]


def test_wagtail_userbar_runs_under_the_public_policy(client, home, parse):
    """An editor browsing the site gets the userbar: its scripts are same-origin files."""
    editor = get_user_model().objects.create_superuser("editor", "e@helix.example", "pw")
    client.force_login(editor)
    response = client.get("/")
    assert parse(response).find("wagtail-userbar") is not None
    assert_security_headers(response)
    sources = [urlsplit(script["src"]) for script in parse(response).find_all("script", src=True)]
    assert sources, "the userbar loads its scripts"
    for source in sources:
        assert source.netloc in {"", "testserver"}, "same origin: allowed by script-src 'self'"
        assert source.path.startswith("/static/wagtailadmin/")


def test_admin_has_no_csp_but_keeps_the_other_headers(client, home):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_https_responses_carry_hsts_when_configured(client, home):
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains")
    assert "Strict-Transport-Security" not in client.get("/").headers, "never over plain HTTP"
