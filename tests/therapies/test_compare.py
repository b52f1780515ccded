"""Compare: two to four profiles side by side, and helpful pages for everything else."""

import pytest

from wagtail.models import PageViewRestriction

from therapies.choices import Modality
from therapies.factories import (
    ClinicalTrialFactory,
    ConditionFactory,
    TherapyApprovalFactory,
    TherapyPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiles(therapy_index):
    myeloma = ConditionFactory(name="Multiple myeloma", slug="multiple-myeloma")
    car_t = TherapyPageFactory(
        parent=therapy_index,
        title="CAR-T",
        slug="car-t",
        modality=Modality.CELL_THERAPY,
        conditions=[myeloma],
    )
    TherapyApprovalFactory(page=car_t, regulator="FDA", product_name="Abecma")
    ClinicalTrialFactory(page=car_t, nct_number="NCT02348216")
    aav = TherapyPageFactory(
        parent=therapy_index, title="AAV therapy", slug="aav", modality=Modality.GENE_ADDITION
    )
    editing = TherapyPageFactory(
        parent=therapy_index, title="Editing", slug="editing", modality=Modality.GENE_EDITING
    )
    silencing = TherapyPageFactory(
        parent=therapy_index, title="Silencing", slug="silencing", modality=Modality.GENE_SILENCING
    )
    oncolytic = TherapyPageFactory(
        parent=therapy_index, title="Oncolytic", slug="oncolytic", modality=Modality.ONCOLYTIC_VIRUS
    )
    return [car_t, aav, editing, silencing, oncolytic]


def compare(client, therapy_index, parse, *slugs, raw=""):
    query = raw or "&".join(f"t={slug}" for slug in slugs)
    response = client.get(f"{therapy_index.url}compare/?{query}")
    assert response.status_code == 200
    return parse(response)


def columns(soup):
    table = soup.find("table", class_="comparison")
    return [th.get_text(strip=True) for th in table.find("thead").find_all("th")] if table else []


def row(soup, heading):
    for tr in soup.find("table", class_="comparison").find("tbody").find_all("tr"):
        if tr.find("th").get_text(strip=True) == heading:
            return [td.get_text(" ", strip=True) for td in tr.find_all("td")]
    raise AssertionError(f"no row {heading}")


def test_two_profiles_side_by_side_in_the_order_given(client, profiles, therapy_index, parse):
    soup = compare(client, therapy_index, parse, "aav", "car-t")
    assert columns(soup) == ["AAV therapy", "CAR-T"]
    assert row(soup, "Modality") == [
        "Gene addition or replacement",
        "Gene-modified cell therapy (e.g. CAR-T)",
    ]
    assert row(soup, "Conditions")[1] == "Multiple myeloma"
    assert "Abecma" in row(soup, "Approvals")[1]
    assert row(soup, "Approvals")[0] == "—"
    trial = soup.find("a", href="https://clinicaltrials.gov/study/NCT02348216")
    assert trial is not None
    for heading in ("Therapeutic aim", "Vector", "Clinical trials"):
        assert len(row(soup, heading)) == 2


def test_four_is_the_most(client, profiles, therapy_index, parse):
    soup = compare(
        client, therapy_index, parse, "car-t", "aav", "editing", "silencing", "oncolytic"
    )
    assert columns(soup) == ["CAR-T", "AAV therapy", "Editing", "Silencing"]
    assert "showing the first 4" in soup.find(class_="notice").get_text()


@pytest.mark.parametrize("slugs", [(), ("car-t",), ("car-t", "car-t")])
def test_fewer_than_two_explains_and_offers_a_choice(client, profiles, therapy_index, parse, slugs):
    soup = compare(client, therapy_index, parse, *slugs)
    assert columns(soup) == []
    assert "Choose at least two" in soup.get_text()
    form = soup.find("form", class_="compare-picker")
    assert form["method"] == "get"
    assert {box["value"] for box in form.find_all("input", type="checkbox")} == {
        "car-t",
        "aav",
        "editing",
        "silencing",
        "oncolytic",
    }
    if slugs:
        assert form.find("input", value="car-t").has_attr("checked")


def test_unknown_slugs_are_named_and_the_rest_compared(client, profiles, therapy_index, parse):
    soup = compare(client, therapy_index, parse, "car-t", "no-such-thing", "aav")
    assert columns(soup) == ["CAR-T", "AAV therapy"]
    assert "“no-such-thing”" in soup.find(class_="notice--warning").get_text()


def test_only_unknown_slugs(client, profiles, therapy_index, parse):
    soup = compare(client, therapy_index, parse, raw="t=%3Cb%3Ex%3C/b%3E&t=ghost")
    assert columns(soup) == []
    warning = soup.find(class_="notice--warning")
    assert "“<b>x</b>”" in warning.get_text() and warning.find("b") is None, "escaped"


def test_drafts_and_private_profiles_cannot_be_compared(client, profiles, therapy_index, parse):
    TherapyPageFactory(parent=therapy_index, title="Draft", slug="draft", live=False)
    private = TherapyPageFactory(parent=therapy_index, title="Private", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    soup = compare(client, therapy_index, parse, "draft", "private", "aav")
    assert columns(soup) == []
    assert "“draft”, “private”" in soup.find(class_="notice--warning").get_text()
    picker = {box["value"] for box in soup.find_all("input", type="checkbox")}
    assert "draft" not in picker and "private" not in picker


def test_compare_with_no_profiles_at_all(client, therapy_index, parse):
    soup = compare(client, therapy_index, parse, "a", "b")
    assert "not yet two published profiles" in soup.get_text()


def test_directory_links_to_compare(client, profiles, therapy_index, parse):
    soup = parse(client.get(therapy_index.url))
    assert soup.find("a", href=f"{therapy_index.url}compare/") is not None
