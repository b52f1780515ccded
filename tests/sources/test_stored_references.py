"""Formatted references are stored with their source: a reader never waits for citeproc.

Saving a source, changing its authors or marking it retracted stores its references in
every style; pages, feeds, the API and the library read them (no citeproc call, no
author query), and a row stored without them is formatted once, then read.
"""

import importlib
from unittest import mock

import feedparser
import pytest
from bs4 import BeautifulSoup

from django.core.cache import cache
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from articles.factories import ArticlePageFactory
from sources import formatting
from sources.factories import SourceFactory
from sources.importing import import_text
from sources.models import CitationStyle, NoticeKind, Source, SourceAuthor
from tests.sources.helpers import cite, paragraph, publish

pytestmark = pytest.mark.django_db

STYLES = len(CitationStyle.values)
MIGRATION = "0005_source_formatted_references"


@pytest.fixture
def citeproc_calls():
    """``format_source`` (the one function that runs citeproc), counting its calls."""
    with mock.patch.object(formatting, "format_source", wraps=formatting.format_source) as spy:
        yield spy


def cold_get(client, url: str):
    """A reader's request right after a publish: nothing rendered is cached yet."""
    cache.clear()
    return client.get(url)


def text(html) -> str:
    return BeautifulSoup(str(html), "html.parser").get_text(" ", strip=True)


def first_reference(client, parse, page) -> str:
    return parse(client.get(page.url)).select_one("#ref-1").get_text(" ", strip=True)


@pytest.fixture
def cited(article_index):
    source = SourceFactory(
        title="Lentiviral vectors in haemophilia",
        container_title="Blood",
        authors=[("Catalá", "Eva"), ("Barba", "Pere")],
    )
    page = publish(
        ArticlePageFactory(parent=article_index, body=[paragraph(f"<p>Claim {cite(source)}</p>")])
    )
    return source, page


def test_saving_a_source_changes_the_page(cited, client, parse):
    source, page = cited
    assert first_reference(client, parse, page).startswith("Catalá E, Barba P. Lentiviral")
    source.title = "Lentiviral vectors in haemophilia B"
    source.save()
    assert "Lentiviral vectors in haemophilia B." in first_reference(client, parse, page)


def test_marking_a_source_retracted_changes_the_page(cited, client, parse):
    source, page = cited
    assert "Retraction" not in first_reference(client, parse, page)
    source.notice_kind = NoticeKind.RETRACTION
    source.notice_url = "https://example.org/retraction"
    source.save()
    soup = parse(client.get(page.url))
    reference = soup.select_one("#ref-1")
    assert reference.get_text(" ", strip=True).startswith("Retraction notice : Catalá E")
    assert "reference--retracted" in reference["class"]
    assert reference.select_one(".reference__notice a")["href"] == "https://example.org/retraction"


def test_authors_saved_or_deleted_on_their_own_change_the_page(cited, client, parse):
    source, page = cited
    added = SourceAuthor.objects.create(source=source, family="Iacoboni", given="Gloria")
    assert first_reference(client, parse, page).startswith("Catalá E, Barba P, Iacoboni G.")
    added.family = "Iacobone"
    added.save()
    assert first_reference(client, parse, page).startswith("Catalá E, Barba P, Iacobone G.")
    source.authors.get(family="Catalá").delete()
    assert first_reference(client, parse, page).startswith("Barba P, Iacobone G.")


def test_deleting_a_source_formats_nothing(cited, client, parse, citeproc_calls):
    source, page = cited
    source.delete()
    assert citeproc_calls.call_count == 0  # its authors go with it: nothing to store again
    assert not SourceAuthor.objects.exists()
    assert parse(client.get(page.url)).select_one("#ref-1") is None


def test_authors_edited_in_the_admin_change_the_page(
    cited, admin_client, client, parse, citeproc_calls
):
    source, page = cited
    catala, barba = source.authors.order_by("pk")
    data = nested_form_data(
        {
            "kind": source.kind,
            "title": source.title,
            "container_title": source.container_title,
            "year": source.year,
            "authors": inline_formset(
                [
                    {"id": catala.pk, "family": "Catalá", "given": "Eva", "ORDER": 2},
                    {"id": barba.pk, "family": "Barba", "given": "Pere", "DELETE": "1"},
                    {"family": "World Health Organization", "is_organisation": "on", "ORDER": 1},
                ],
                initial=2,
            ),
        }
    )
    response = admin_client.post(f"/admin/snippets/sources/source/edit/{source.pk}/", data)
    assert response.status_code == 302
    assert citeproc_calls.call_count == STYLES  # once, with the authors the save commits
    assert first_reference(client, parse, page).startswith(
        "World Health Organization, Catalá E. Lentiviral"
    )


def test_rendering_references_runs_citeproc_zero_times(cited, client, citeproc_calls):
    source, page = cited
    shown = "Catalá E, Barba P. Lentiviral vectors in haemophilia. Blood. 2022."
    for url in (page.url, "/sources/", source.get_absolute_url()):
        response = cold_get(client, url)
        assert response.status_code == 200, url
        assert shown in text(response.content.decode()), url
    feed = feedparser.parse(cold_get(client, "/feeds/articles.rss").content)
    assert shown in text(feed.entries[0].content[0].value)
    api = cold_get(client, f"/api/v1/articles/{page.pk}/").json()
    assert api["references"][0]["text"] == shown
    assert citeproc_calls.call_count == 0


def test_query_count_does_not_grow_with_authors_per_source(article_index, client):
    few = [SourceFactory(authors=[("Solo", "Han")]) for _ in range(3)]
    many = [SourceFactory(authors=[(f"Author{n}", "Jo") for n in range(25)]) for _ in range(3)]
    pages = [
        publish(
            ArticlePageFactory(
                parent=article_index,
                body=[paragraph("".join(f"<p>Claim {cite(s)}</p>" for s in group))],
            )
        )
        for group in (few, many)
    ]
    for page in pages:
        client.get(page.url)  # settings rows are created on a site's first request
    counts = []
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            response = cold_get(client, page.url)
        assert response.content.decode().count('class="reference"') == 3
        assert not [q["sql"] for q in queries if "sources_sourceauthor" in q["sql"]]
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert "Author24" not in response.content.decode()  # Vancouver: six names, then et al.
    assert "Author5 J, et al." in response.content.decode()


def test_a_row_stored_without_its_references_is_formatted_once_then_read(
    home, client, parse, citeproc_calls
):
    (source,) = Source.objects.bulk_create(
        [Source(title="Inserted in bulk", title_key="inserted in bulk", year=2020)]
    )
    SourceAuthor.objects.bulk_create([SourceAuthor(source=source, family="Bulk", given="Ann")])
    soup = parse(cold_get(client, "/sources/"))
    assert soup.select_one(".source-list__reference").get_text().startswith("Bulk A. Inserted")
    assert citeproc_calls.call_count == STYLES
    source.refresh_from_db()
    assert set(source.formatted_references) == set(CitationStyle.values)
    soup = parse(cold_get(client, source.get_absolute_url()))
    assert soup.select_one(".source-detail__reference").get_text().startswith("Bulk A. Inserted")
    assert citeproc_calls.call_count == STYLES


def test_the_migration_fills_existing_rows():
    fill = importlib.import_module(f"sources.migrations.{MIGRATION}").fill
    sources = [
        SourceFactory(title="An old row", authors=[("Catalá", "Eva"), ("Barba", "Pere")]),
        SourceFactory(title="A retracted row", notice_kind=NoticeKind.RETRACTION),
        SourceFactory(title="A row by a regulator", authors=[("FDA", "")]),
    ]
    saved = {source.pk: source.formatted_references for source in sources}
    Source.objects.update(formatted_references={})
    historical = MigrationLoader(connection).project_state(("sources", MIGRATION)).apps
    fill(historical, None, batch_size=2)
    filled = dict(Source.objects.values_list("pk", "formatted_references"))
    assert filled == saved
    first, retracted, regulator = (filled[source.pk] for source in sources)
    assert text(first["vancouver"]).startswith("Catalá E, Barba P. An old row.")
    assert text(first["apa"]).startswith("Catalá, E., & Barba, P. (2022). An old row.")
    assert text(retracted["vancouver"]).startswith("Retraction notice: A retracted row.")
    assert text(regulator["vancouver"]).startswith("FDA. A row by a regulator.")


BIBTEX = """@article{catala2022,
  author = {Catal{\\'a}, Eva and Iacoboni, Gloria},
  title = {Therapy with CAR-T cells in aggressive B-cell lymphoma},
  journal = {Medicina Cl{\\'i}nica},
  year = {2022},
  keywords = {CAR-T, lymphoma},
}
@article{smith2023,
  author = {Smith, Jo},
  title = {Vectors at scale},
  journal = {Human Gene Therapy},
  year = {2023},
}
"""
RIS = """TY  - JOUR
AU  - Catalá, Eva
AU  - Iacoboni, Gloria
TI  - Therapy with CAR-T cells in aggressive B-cell lymphoma
JO  - Medicina Clínica
PY  - 2022
KW  - CAR-T
ER  -

TY  - JOUR
AU  - Smith, Jo
TI  - Vectors at scale
JO  - Human Gene Therapy
PY  - 2023
ER  -
"""


@pytest.mark.parametrize(("fmt", "content"), [("bibtex", BIBTEX), ("ris", RIS)])
def test_an_import_stores_every_style(fmt, content, home, client, parse, citeproc_calls):
    _, counts = import_text(content, fmt)
    assert counts["create"] == 2
    assert citeproc_calls.call_count == 2 * STYLES  # one formatting per source and style
    catala = Source.objects.get(year=2022)
    assert text(catala.formatted_references["vancouver"]).startswith(
        "Catalá E, Iacoboni G. Therapy with CAR-T cells"
    )
    assert text(catala.formatted_references["apa"]).startswith("Catalá, E., & Iacoboni, G.")
    assert "CAR-T" in {tag.name for tag in catala.tags.all()}
    references = parse(cold_get(client, "/sources/")).select(".source-list__reference")
    assert [r.get_text().split(".")[0] for r in references] == ["Smith J", "Catalá E, Iacoboni G"]
    assert citeproc_calls.call_count == 2 * STYLES
