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


#: Every search box that hands its text to the search backend (SQLite FTS5 refused a
#: lone '"' with a 500: wagtail/wagtail#13227), public and in the admin.
PUBLIC_SEARCHES = ["/sources/?q={v}", "/search/?q={v}", "/api/v1/search/?q={v}"]
ADMIN_SEARCHES = [
    "/admin/snippets/sources/source/?q={v}",
    "/admin/snippets/choose/sources/source/?q={v}",
    "/admin/choose-page/search/?q={v}",
    "/admin/pages/search/?q={v}",
    "/admin/sources-library/export/bibtex/?q={v}",
]
#: What a search parser may choke on, beside the corpus: quotes and operators.
SEARCH_SYNTAX = ['"', '""', '"gene', 'gene"therapy', '"gene therapy"', "gene*", "NEAR(a b)"]


def test_hostile_text_in_every_search_box(client, admin_client, home):
    from sources.factories import SourceFactory

    SourceFactory(title="Gene therapy vectors", year=2020)

    def request_for(hostile):
        value = quote(hostile, safe="")
        for url in ADMIN_SEARCHES:
            assert admin_client.get(url.format(v=value)).status_code < 500, url
        responses = [client.get(url.format(v=value)) for url in PUBLIC_SEARCHES]
        for response in responses[:-1]:
            assert_well_formed_and_inert(response, hostile)
        return responses[-1]

    assert failures_over_corpus([*SEARCH_SYNTAX, *NUMBERS, *HOSTILE], request_for) == []


#: Numbers past what a database column holds, beside the corpus's own.
NUMBERS = [
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "9" * 5_000,  # past Python's 4,300-digit limit on int()
    "1e309",
    "²",
    "١٢",
    "0x10",
    "http://example.org:99999/",
    "http://[::1/",
]


def test_hostile_numbers_in_the_api(client, home):
    lists = ["articles", "therapies", "conditions", "sources", "search"]

    def request_for(hostile):
        value = quote(hostile, safe="")
        for name in lists:
            for params in (f"offset={value}", f"limit={value}", f"limit=1&offset={value}"):
                response = client.get(f"/api/v1/{name}/?q=gene&{params}")
                assert response.status_code in {200, 400, 422}, (name, params, response)
                assert_well_formed_and_inert(response, hostile)
        for name in lists[:-1]:
            response = client.get(f"/api/v1/{name}/{value}/")
            assert response.status_code in {404, 422}, (name, response.status_code)
        return response

    assert failures_over_corpus([*NUMBERS, *HOSTILE], request_for) == []


#: One reference per format with a marked field, to receive each hostile string in turn.
IMPORT_TEMPLATES = {
    "bibtex": (
        "@article{{key, title={{{title}}}, author={{{author}}}, journal={{{journal}}},\n"
        "  year={{{year}}}, month={{{month}}}, day={{{day}}}, doi={{{doi}}}, pmid={{{pmid}}},\n"
        "  url={{{url}}}, urldate={{{urldate}}}, pages={{{pages}}}, keywords={{{keywords}}}}}\n"
    ),
    "ris": (
        "TY  - JOUR\nTI  - {title}\nAU  - {author}\nJO  - {journal}\nPY  - {year}\n"
        "DA  - 2020/{month}/{day}/\nDO  - {doi}\nAN  - {pmid}\nUR  - {url}\nY2  - {urldate}\n"
        "SP  - {pages}\nKW  - {keywords}\nER  -\n"
    ),
    "csl-json": None,  # built with json.dumps: the string lands in every kind of JSON value
}
IMPORT_FIELDS = ["title", "author", "journal", "year", "month", "day", "doi", "pmid", "url"]
IMPORT_FIELDS += ["urldate", "pages", "keywords"]
SENSIBLE = {
    "title": "A title",
    "author": "Smith, Jo",
    "journal": "A journal",
    "year": "2020",
    "month": "05",
    "day": "17",
    "doi": "10.1000/xyz",
    "pmid": "123456",
    "url": "https://example.org/x",
    "urldate": "2025-01-02",
    "pages": "1-9",
    "keywords": "gene",
}


def import_file(fmt: str, values: dict) -> str:
    if fmt != "csl-json":
        return IMPORT_TEMPLATES[fmt].format(**values)
    import json

    family, _, given = values["author"].partition(", ")
    item = {
        "id": "key",
        "type": "article-journal",
        "title": values["title"],
        "author": [{"family": family, "given": given}],
        "container-title": values["journal"],
        "issued": {"date-parts": [[values["year"], values["month"], values["day"]]]},
        "DOI": values["doi"],
        "PMID": values["pmid"],
        "URL": values["url"],
        "accessed": {"date-parts": [values["urldate"].split("-")]},
        "page": values["pages"],
        "custom": {"tags": [values["keywords"]]},
    }
    return json.dumps([item], ensure_ascii=False)


def test_hostile_text_in_every_field_of_every_import_format(home):
    """Each reader either imports the reference or says why not: never another error."""
    from sources.formats import ImportFormatError
    from sources.importing import import_text

    failures = []
    for fmt in IMPORT_TEMPLATES:
        for field in IMPORT_FIELDS:
            for hostile in [*HOSTILE, *NUMBERS, "10.1000/a\x00b"]:
                text = import_file(fmt, {**SENSIBLE, field: hostile})
                try:
                    import_text(text, fmt, dry_run=True)
                except ImportFormatError:
                    pass
                except Exception as error:  # what the test is looking for
                    failures.append(f"{fmt} {field} {hostile[:40]!r}: {error!r}"[:200])
    assert failures == []
