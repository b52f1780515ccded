"""Formatted references compared with strings checked by hand against each style's rules."""

from datetime import date

import pytest

from sources.factories import SourceFactory
from sources.formatting import format_source
from sources.models import NoticeKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal_article():
    return SourceFactory(
        title=(
            "Therapy with T lymphocytes with chimeric antigen receptor (CAR-T) in patients "
            "with aggressive B-cell lymphoma"
        ),
        container_title="Medicina Clínica",
        year=2022,
        volume="158",
        issue="7",
        pages="327-332",
        doi="10.1016/j.medcli.2021.10.005",
        authors=[("Catalá", "Eva"), ("Iacoboni", "Gloria"), ("Barba", "Pere")],
    )


@pytest.fixture
def web_page():
    return SourceFactory(
        kind="webpage",
        title="Gene therapy and genetic engineering",
        container_title="University of Missouri School of Medicine",
        year=2022,
        month=3,
        day=9,
        url="https://medicine.missouri.edu/gene-therapy",
        accessed=date(2025, 3, 14),
        authors=[("University of Missouri School of Medicine", "")],
    )


@pytest.fixture
def report():
    return SourceFactory(
        kind="report",
        title="Human genome editing: recommendations",
        container_title="",
        publisher="World Health Organization",
        year=2021,
        url="https://www.who.int/publications/i/item/9789240030381",
        authors=[("World Health Organization", "")],
    )


def text(html) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(str(html), "html.parser").get_text()


def test_vancouver_journal_article(journal_article):
    html = format_source(journal_article, "vancouver")
    assert text(html) == (
        "Catalá E, Iacoboni G, Barba P. Therapy with T lymphocytes with chimeric antigen "
        "receptor (CAR-T) in patients with aggressive B-cell lymphoma. Medicina Clínica. "
        "2022;158(7):327–32. doi:10.1016/j.medcli.2021.10.005"
    )
    assert 'href="https://doi.org/10.1016/j.medcli.2021.10.005"' in html


def test_apa_journal_article(journal_article):
    html = format_source(journal_article, "apa")
    assert text(html) == (
        "Catalá, E., Iacoboni, G., & Barba, P. (2022). Therapy with T lymphocytes with "
        "chimeric antigen receptor (CAR-T) in patients with aggressive B-cell lymphoma. "
        "Medicina Clínica, 158(7), 327–332. https://doi.org/10.1016/j.medcli.2021.10.005"
    )
    assert "<i>Medicina Clínica</i>" in html
    assert 'href="https://doi.org/10.1016/j.medcli.2021.10.005"' in html


def test_vancouver_web_page(web_page):
    html = format_source(web_page, "vancouver")
    assert text(html) == (
        "University of Missouri School of Medicine. Gene therapy and genetic engineering "
        "[Internet]. University of Missouri School of Medicine; 2022 [cited 2025 Mar 14]. "
        "Available from: https://medicine.missouri.edu/gene-therapy"
    )
    assert '<a href="https://medicine.missouri.edu/gene-therapy">' in html


def test_apa_web_page(web_page):
    assert text(format_source(web_page, "apa")) == (
        "University of Missouri School of Medicine. (2022, March 9). Gene therapy and genetic "
        "engineering. University of Missouri School of Medicine. "
        "https://medicine.missouri.edu/gene-therapy"
    )


def test_vancouver_report(report):
    assert text(format_source(report, "vancouver")) == (
        "World Health Organization. Human genome editing: recommendations [Internet]. "
        "World Health Organization; 2021. Available from: "
        "https://www.who.int/publications/i/item/9789240030381"
    )


def test_apa_report(report):
    assert text(format_source(report, "apa")) == (
        "World Health Organization. (2021). Human genome editing: recommendations. "
        "World Health Organization. https://www.who.int/publications/i/item/9789240030381"
    )


def test_pubmed_link_and_escaping():
    source = SourceFactory(title="<script>alert(1)</script> vectors", pmid="34815084")
    html = format_source(source, "vancouver")
    assert "<script>" not in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/34815084/"' in html
    assert html.count("34815084") == 2  # one link, not a second PubMed line


def test_no_number_glued_to_the_text(journal_article):
    assert text(format_source(journal_article, "vancouver")).startswith("Catalá E")


def test_retraction_warning_is_part_of_the_reference(journal_article):
    from sources.formatting import format_many

    journal_article.notice_kind = NoticeKind.RETRACTION
    journal_article.notice_date = date(2024, 1, 10)
    journal_article.notice_url = "https://example.org/retraction"
    journal_article.save()
    html = format_many([journal_article], "vancouver")[journal_article.pk]
    assert text(html).startswith("Retraction notice on 10 January 2024:")
    assert 'href="https://example.org/retraction"' in html
