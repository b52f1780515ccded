"""The library in the Wagtail admin: listing, filters, "used in", import and export, settings."""

import pytest
from bs4 import BeautifulSoup

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Site

from articles.factories import ArticlePageFactory
from sources.factories import SourceFactory
from sources.models import CitationStyle, ReferenceSettings, Source
from tests.sources.helpers import cite, paragraph, publish

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/sources/source/"


def test_listing_columns_filters_and_used_in(admin_client, article_index, parse):
    cited = SourceFactory(title="Cited twice", authors=[("Catalá", "Eva"), ("Barba", "Pere")])
    SourceFactory(title="A report", kind="report")
    for _ in range(2):
        publish(ArticlePageFactory(parent=article_index, body=[paragraph(f"<p>{cite(cited)}</p>")]))
    soup = parse(admin_client.get(LISTING))
    headings = [th.get_text(" ", strip=True) for th in soup.select("table thead th")]
    assert {"Title", "First author", "Year", "Kind", "Used in"} <= set(headings)
    row = next(tr for tr in soup.select("table tbody tr") if "Cited twice" in tr.get_text())
    assert "Catalá et al." in row.get_text() and "2 pages" in row.get_text()
    filtered = parse(admin_client.get(LISTING + "?kind=report"))
    assert [a.get_text(strip=True) for a in filtered.select("table tbody td.title a")][:1] == [
        "A report"
    ]
    assert "Cited twice" not in filtered.select_one("table tbody").get_text()


def test_admin_export_uses_the_listing_filters(admin_client):
    SourceFactory(title="Kept", kind="report")
    SourceFactory(title="Left out")
    response = admin_client.get("/admin/sources-library/export/bibtex/?kind=report")
    text = response.content.decode()
    assert "Kept" in text and "Left out" not in text


def test_import_previews_then_writes_on_confirm(admin_client, parse):
    SourceFactory(title="Already here", year=2020)
    upload = SimpleUploadedFile(
        "refs.ris",
        b"TY  - JOUR\nTI  - New work\nPY  - 2021\nER  -\n\n"
        b"TY  - JOUR\nTI  - Already here\nPY  - 2020\nER  -\n",
    )
    response = admin_client.post("/admin/sources-library/import/", {"file": upload})
    rows = [tr.get_text(" ", strip=True) for tr in parse(response).select("tbody tr")]
    assert rows[0].startswith("1 New work (2021) Create")
    assert (
        "Skip: the library already has this source, with the same title and year: "
        "Already here (2020)" in rows[1]
    )
    assert Source.objects.count() == 1  # nothing written before confirming
    response = admin_client.post("/admin/sources-library/import/", {"confirm": "1"}, follow=True)
    assert "1 created, 0 merged, 1 skipped as duplicates" in response.content.decode()
    assert Source.objects.filter(title="New work").exists()


def test_malformed_upload_names_the_line_and_writes_nothing(admin_client, parse):
    upload = SimpleUploadedFile(
        "refs.bib", b"@article{good, title={A}, year={2020}}\n@article{bad,\n"
    )
    response = admin_client.post("/admin/sources-library/import/", {"file": upload})
    assert "BibTeX entry 'bad' (line 2)" in parse(response).get_text()
    assert not Source.objects.exists()


def test_citation_style_setting_switches_to_apa(home, client, parse):
    source = SourceFactory(title="Styled work", authors=[("Smith", "Jo")], year=2020)
    ReferenceSettings.objects.create(
        site=Site.objects.get(is_default_site=True), citation_style=CitationStyle.APA
    )
    text = (
        parse(client.get(source.get_absolute_url()))
        .select_one(".source-detail__reference")
        .get_text()
    )
    assert text.startswith("Smith, J. (2020).")


def test_citation_feature_converts_between_editor_and_database(home):
    source = SourceFactory(title="Chosen work")
    converter = ContentstateConverter(features=["citation"])
    stored = f"<p>Claim {cite(source, '[1]')}</p>"
    contentstate = converter.from_database_format(stored)
    assert '"type": "CITATION"' in contentstate
    assert f'"id": "{source.pk}"' in contentstate and "Chosen work (2022)" in contentstate
    link = BeautifulSoup(converter.to_database_format(contentstate), "html.parser").a
    assert link.attrs == {"id": str(source.pk), "linktype": "citation"}
    assert link.get_text() == "[1]"


def test_editor_loads_the_citation_plugin(admin_client, article_index):
    page = ArticlePageFactory(parent=article_index)
    content = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "sources/js/citation-feature.js" in content
    assert "wagtailadmin/js/chooser-modal.js" in content  # the modal's onload handlers
    assert "/admin/snippets/choose/sources/source/" in content


def test_source_forms_render(admin_client):
    source = SourceFactory()
    assert admin_client.get("/admin/snippets/sources/source/add/").status_code == 200
    response = admin_client.get(f"/admin/snippets/sources/source/edit/{source.pk}/")
    assert b"Retraction or correction" in response.content


def test_admin_listing_search(admin_client, parse):
    SourceFactory(title="Lentiviral vectors in haemophilia", authors=[("Nathwani", "Amit")])
    SourceFactory(title="CAR-T cells in lymphoma")
    soup = parse(admin_client.get(LISTING + "?q=lentiviral"))
    assert [a.get_text(strip=True) for a in soup.select("table tbody td.title a")][:1] == [
        "Lentiviral vectors in haemophilia"
    ]
    assert "CAR-T cells" not in soup.select_one("table tbody").get_text()
