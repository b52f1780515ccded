"""A therapy profile as a reader sees it: facts, approvals, trials, links, metadata."""

import json
from datetime import date

import pytest

from wagtail.models import PageViewRestriction

from sources.models import Source
from therapies.choices import ApprovalStatus, Modality, Regulator, Vector
from therapies.factories import (
    ClinicalTrialFactory,
    ConditionFactory,
    TherapyApprovalFactory,
    TherapyPageFactory,
    TreatmentCentreFactory,
)

pytestmark = pytest.mark.django_db


def section(soup, heading_id):
    return soup.find(id=heading_id).find_parent("section")


def test_profile_shows_structured_facts(client, therapy_index, parse):
    leukaemia = ConditionFactory(name="Leukaemia", slug="leukaemia")
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title="CAR-T cell therapy",
        also_known_as="Kymriah, tisagenlecleucel",
        summary="T cells taught to find cancer.",
        modality=Modality.CELL_THERAPY,
        vector=Vector.LENTIVIRUS,
        delivery_route="ex-vivo",
        target_genes="CD19",
        conditions=[leukaemia],
    )
    source = Source.objects.create(
        title="FDA approves Kymriah", year=2017, url="https://fda.example/k"
    )
    TherapyApprovalFactory(
        page=therapy,
        regulator=Regulator.FDA,
        product_name="Kymriah",
        status=ApprovalStatus.APPROVED,
        date=date(2017, 8, 30),
        citation=source,
    )
    TherapyApprovalFactory(page=therapy, regulator=Regulator.EMA, status="under-review")
    TreatmentCentreFactory(page=therapy, name="Hospital Clínic", city="Barcelona", country="Spain")
    ClinicalTrialFactory(page=therapy, nct_number="NCT02435849", title="ELIANA")

    response = client.get(therapy.url)
    assert response.status_code == 200
    soup = parse(response)
    assert soup.find("h1").get_text(strip=True) == "CAR-T cell therapy"
    assert "Kymriah, tisagenlecleucel" in soup.get_text()
    facts = section(soup, "how-it-works").get_text(" ", strip=True)
    assert "Gene-modified cell therapy" in facts and "Lentivirus" in facts and "(viral)" in facts
    condition_link = section(soup, "conditions").find("a")
    assert condition_link["href"] == "/conditions/leukaemia/"

    rows = section(soup, "approvals").find("tbody").find_all("tr")
    assert [r.find("th").get_text(strip=True) for r in rows] == ["FDA", "EMA"]
    first = rows[0]
    assert first.find("span", class_="badge--approved").get_text() == "Approved"
    assert first.find("time")["datetime"] == "2017-08-30"
    citation = first.find("a", string="FDA approves Kymriah")
    assert citation["href"].startswith("/sources/"), "approvals cite the library's page"
    assert "badge--approved" not in rows[1].find("span", class_="badge")["class"]

    assert "Hospital Clínic (Barcelona, Spain)" in section(soup, "centres").get_text(
        " ", strip=True
    )
    trial = section(soup, "trials").find("a")
    assert trial["href"] == "https://clinicaltrials.gov/study/NCT02435849"
    assert trial.get_text() == "NCT02435849"


def test_profile_metadata_canonical_description_and_json_ld(client, therapy_index, parse):
    condition = ConditionFactory(name="Haemophilia B", slug="haemophilia-b")
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title="Haemophilia <gene> therapy",
        summary="Adds a working F9 gene </script> to liver cells.",
        conditions=[condition],
    )
    ClinicalTrialFactory(page=therapy, nct_number="NCT03569891")
    soup = parse(client.get(therapy.url))
    assert soup.find("link", rel="canonical")["href"] == f"http://testserver{therapy.url}"
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith("Adds a working")
    script = soup.find("script", type="application/ld+json")
    assert "</script>" not in script.string, "text cannot close the script element"
    data = json.loads(script.string)
    assert data["@type"] == "MedicalTherapy"
    assert data["name"] == "Haemophilia <gene> therapy"
    assert data["url"] == f"http://testserver{therapy.url}"
    assert data["@reverse"]["possibleTreatment"][0]["name"] == "Haemophilia B"
    assert data["study"][0]["url"] == "https://clinicaltrials.gov/study/NCT03569891"


def test_profile_shows_its_references_and_the_comment_form(therapy_index, client, parse):
    from sources.models import Source

    source = Source.objects.create(title="Haemophilia B trial", year=2023)
    therapy = TherapyPageFactory(
        parent=therapy_index,
        challenges=f'<p>Liver toxicity <a linktype="citation" id="{source.pk}">[?]</a>.</p>',
    )
    soup = parse(client.get(therapy.url))
    entries = soup.select("#references ol > li")
    assert len(entries) == 1 and "Haemophilia B trial" in entries[0].get_text()
    assert soup.select_one("#references-title").get_text(strip=True) == "References"
    form = soup.find("form", class_="comment-form")
    assert form is not None and form.find("textarea") is not None


def test_profile_has_breadcrumbs_and_body_blocks(client, therapy_index, parse):
    therapy = TherapyPageFactory(
        parent=therapy_index,
        body=[("heading", {"text": "How it is given", "level": "h2"})],
        key_figures=[("key_figure", {"number": "85.5%", "label": "requests approved"})],
    )
    soup = parse(client.get(therapy.url))
    crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [a["href"] for a in crumbs.find_all("a")] == ["/", therapy_index.url]
    assert soup.find("h2", id="how-it-is-given") is not None
    assert soup.find(class_="key-figure__number").get_text() == "85.5%"


def test_related_therapies_share_a_condition_or_modality(client, therapy_index, parse):
    condition = ConditionFactory()
    therapy = TherapyPageFactory(
        parent=therapy_index, modality=Modality.GENE_ADDITION, conditions=[condition]
    )
    same_condition = TherapyPageFactory(
        parent=therapy_index,
        title="Zeta editing",
        modality=Modality.GENE_EDITING,
        conditions=[condition],
    )
    same_modality = TherapyPageFactory(
        parent=therapy_index, title="Alpha addition", modality=Modality.GENE_ADDITION
    )
    unrelated = TherapyPageFactory(
        parent=therapy_index, title="Oncolytic", modality=Modality.ONCOLYTIC_VIRUS
    )
    draft = TherapyPageFactory(
        parent=therapy_index, title="Draft sibling", modality=Modality.GENE_ADDITION, live=False
    )
    private = TherapyPageFactory(
        parent=therapy_index, title="Private sibling", modality=Modality.GENE_ADDITION
    )
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    soup = parse(client.get(therapy.url))
    titles = [a.get_text() for a in section(soup, "related-therapies").find_all("a")]
    assert titles == [same_condition.title, same_modality.title], "condition matches come first"
    assert unrelated.title not in titles and draft.title not in titles
    assert private.title not in titles


def test_draft_and_private_profiles_are_not_served(client, therapy_index):
    draft = TherapyPageFactory(parent=therapy_index, live=False)
    private = TherapyPageFactory(parent=therapy_index)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    assert client.get(f"/therapies/{draft.slug}/").status_code == 404
    response = client.get(private.url)
    assert b'type="password"' in response.content
    assert private.summary.encode() not in response.content
