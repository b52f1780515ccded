"""Hostile strings in every place a reader can type on this branch: the URL, the query
string and the admin sign-in form. Pages stay well-formed and inert, never a 5xx.

Each surface loops over the whole corpus in one test and reports every string
that broke it. After the content apps merge, add their surfaces (comment
fields, search, page titles, rich text, tags, sources) the same way.
"""

from urllib.parse import quote

import pytest

from tests.hardening.checks import assert_well_formed_and_inert, failures_over_corpus
from tests.hardening.hostile import HOSTILE

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # the hostile corpus


def test_checker_catches_live_payloads(parse):
    """The inertness check must fail on a page that let a payload through."""
    from django.http import HttpResponse

    for live in (
        "<helix-x>hi</helix-x>",
        '<p data-helix-x="1">x</p>',
        "<img src=x onerror=helixPwned()>",
        '<a href="javascript:helixPwned()">x</a>',
        "<script>helixPwned()</script>",
        "bad \x08 byte",
    ):
        page = HttpResponse(f"<!DOCTYPE html><html><body>{live}</body></html>")
        with pytest.raises(AssertionError):
            assert_well_formed_and_inert(page, live)
    with pytest.raises(AssertionError):
        assert_well_formed_and_inert(HttpResponse(status=500))


def test_hostile_paths_get_the_404_page(client, home):
    def request_for(hostile):
        response = client.get("/" + quote(hostile, safe="") + "/")
        assert response.status_code == 404, response.status_code
        return response

    # The empty string makes "//", the home page itself: every other string names no page.
    assert failures_over_corpus([s for s in HOSTILE if s], request_for) == []


def test_hostile_query_strings_on_home_and_404(client, home):
    def request_for(hostile):
        value = quote(hostile, safe="")
        assert client.get(f"/?q={value}&{value}={value}").status_code == 200
        return client.get(f"/no-such-page/?next={value}")

    assert failures_over_corpus(HOSTILE, request_for) == []


def test_hostile_admin_sign_in(client, home):
    def request_for(hostile):
        response = client.post(
            "/admin/login/?next=" + quote(hostile, safe=""),
            {"username": hostile, "password": hostile, "next": hostile},
        )
        assert response.status_code in {200, 429}, response.status_code
        return response

    assert failures_over_corpus(HOSTILE, request_for) == []
