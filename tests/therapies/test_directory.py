"""The therapy directory: facets alone and combined, counts, bad values, hidden pages."""

import pytest

from wagtail.models import PageViewRestriction

from therapies.choices import ApprovalStatus, Modality, Regulator, TherapeuticAim, Vector
from therapies.factories import (
    ConditionFactory,
    TherapyApprovalFactory,
    TherapyPageFactory,
    TreatmentCentreFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(therapy_index):
    """Three profiles that differ on every facet, plus a draft and a private one."""
    lymphoma = ConditionFactory(name="Lymphoma", slug="lymphoma")
    haemophilia = ConditionFactory(name="Haemophilia", slug="haemophilia")
    car_t = TherapyPageFactory(
        parent=therapy_index,
        title="CAR-T",
        modality=Modality.CELL_THERAPY,
        aim=TherapeuticAim.INTRODUCE,
        vector=Vector.LENTIVIRUS,
        conditions=[lymphoma],
    )
    TherapyApprovalFactory(page=car_t, regulator=Regulator.FDA, status=ApprovalStatus.APPROVED)
    factor_ix = TherapyPageFactory(
        parent=therapy_index,
        title="Factor IX",
        modality=Modality.GENE_ADDITION,
        aim=TherapeuticAim.REPLACE,
        vector=Vector.AAV,
        conditions=[haemophilia],
    )
    TherapyApprovalFactory(
        page=factor_ix, regulator=Regulator.EMA, status=ApprovalStatus.CONDITIONAL
    )
    silencer = TherapyPageFactory(
        parent=therapy_index,
        title="Silencer",
        modality=Modality.GENE_SILENCING,
        aim=TherapeuticAim.INHIBIT,
        vector=Vector.LIPID_NANOPARTICLE,
        conditions=[haemophilia],
    )
    TreatmentCentreFactory(page=silencer, country="Japan")
    draft = TherapyPageFactory(
        parent=therapy_index,
        title="Draft",
        modality=Modality.CELL_THERAPY,
        live=False,
        conditions=[lymphoma],
    )
    TherapyApprovalFactory(page=draft, regulator=Regulator.MHRA, status=ApprovalStatus.WITHDRAWN)
    private = TherapyPageFactory(
        parent=therapy_index, title="Private", modality=Modality.CELL_THERAPY, conditions=[lymphoma]
    )
    TherapyApprovalFactory(page=private, regulator=Regulator.PMDA, status=ApprovalStatus.WITHDRAWN)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    return {"car_t": car_t, "factor_ix": factor_ix, "silencer": silencer}


def listed(client, url, parse):
    response = client.get(url)
    assert response.status_code == 200
    soup = parse(response)
    return [h.get_text(strip=True) for h in soup.select(".therapy-card h3")], soup


def count(soup, param, value):
    label = soup.find("label", attrs={"for": f"{param}-{value}"})
    return int(label.find(class_="facet__count")["data-count"]) if label else None


def test_unfiltered_directory_lists_published_profiles_only(
    client, catalogue, therapy_index, parse
):
    titles, soup = listed(client, therapy_index.url, parse)
    assert titles == ["CAR-T", "Factor IX", "Silencer"]
    assert soup.find(id="results-heading").get_text(strip=True) == "3 therapies"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("modality=cell-therapy", ["CAR-T"]),
        ("aim=replace", ["Factor IX"]),
        ("vector=lnp", ["Silencer"]),
        ("condition=haemophilia", ["Factor IX", "Silencer"]),
        ("status=conditional", ["Factor IX"]),
        ("region=north-america", ["CAR-T"]),
        ("region=europe", ["Factor IX"]),
        ("region=asia-pacific", ["Silencer"]),
        ("region=latin-america", []),
    ],
)
def test_each_facet_alone(client, catalogue, therapy_index, parse, query, expected):
    titles, _ = listed(client, f"{therapy_index.url}?{query}", parse)
    assert titles == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("condition=haemophilia&modality=gene-silencing", ["Silencer"]),
        ("condition=haemophilia&status=conditional&region=europe", ["Factor IX"]),
        ("condition=haemophilia&region=north-america", []),
        ("modality=cell-therapy&modality=gene-addition", ["CAR-T", "Factor IX"]),
        ("modality=cell-therapy&modality=gene-addition&vector=aav", ["Factor IX"]),
        ("aim=introduce&vector=lentivirus&status=approved&condition=lymphoma", ["CAR-T"]),
    ],
)
def test_facets_combine(client, catalogue, therapy_index, parse, query, expected):
    titles, _ = listed(client, f"{therapy_index.url}?{query}", parse)
    assert titles == expected


@pytest.mark.parametrize(
    "query",
    [
        "modality=teleportation",
        "condition=no-such-condition",
        "status=<script>",
        "region=atlantis&page=abc",
        "vector=&aim=",
        "page=999",
        "unknown=1",
    ],
)
def test_unknown_values_are_ignored(client, catalogue, therapy_index, parse, query):
    titles, soup = listed(client, f"{therapy_index.url}?{query}", parse)
    assert titles == ["CAR-T", "Factor IX", "Silencer"]
    assert soup.find(class_="active-filters") is None
    assert "<script>" not in soup.decode()


def test_unknown_value_next_to_a_valid_one_keeps_the_valid_one(
    client, catalogue, therapy_index, parse
):
    titles, _ = listed(client, f"{therapy_index.url}?modality=bogus&modality=gene-addition", parse)
    assert titles == ["Factor IX"]


def test_counts_without_filters(client, catalogue, therapy_index, parse):
    _, soup = listed(client, therapy_index.url, parse)
    assert count(soup, "modality", "cell-therapy") == 1, "draft and private CAR-T are not counted"
    assert count(soup, "modality", "gene-editing") == 0
    assert count(soup, "condition", "haemophilia") == 2
    assert count(soup, "condition", "lymphoma") == 1
    assert count(soup, "status", "withdrawn") == 0, "only hidden pages were withdrawn"
    assert count(soup, "region", "europe") == 1
    assert count(soup, "region", "asia-pacific") == 1, "PMDA row is on a private page"


def test_counts_reflect_the_other_active_facets(client, catalogue, therapy_index, parse):
    _, soup = listed(client, f"{therapy_index.url}?condition=haemophilia", parse)
    # Within the haemophilia therapies:
    assert count(soup, "modality", "gene-addition") == 1
    assert count(soup, "modality", "cell-therapy") == 0
    assert count(soup, "region", "europe") == 1
    # The active facet's own options count as if it were not applied (OR within a facet).
    assert count(soup, "condition", "lymphoma") == 1
    assert count(soup, "condition", "haemophilia") == 2


def test_facets_form_is_a_shareable_get_form(client, catalogue, therapy_index, parse):
    _, soup = listed(
        client, f"{therapy_index.url}?condition=haemophilia&modality=gene-addition", parse
    )
    form = soup.find("form", class_="facets")
    assert form["method"] == "get" and form["action"] == therapy_index.url
    assert soup.find("input", id="condition-haemophilia").has_attr("checked")
    assert soup.find("input", id="modality-gene-addition").has_attr("checked")
    assert not soup.find("input", id="modality-cell-therapy").has_attr("checked")
    for fieldset in form.find_all("fieldset"):
        assert fieldset.find("legend") is not None
        for box in fieldset.find_all("input"):
            assert form.find("label", attrs={"for": box["id"]}) is not None
    remove = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".active-filters a")}
    assert remove["Condition: Haemophilia × (remove this filter)"] == "?modality=gene-addition"


def test_conditions_without_published_profiles_are_not_offered(
    client, catalogue, therapy_index, parse
):
    ConditionFactory(name="Orphan condition", slug="orphan")
    _, soup = listed(client, therapy_index.url, parse)
    assert soup.find("input", id="condition-orphan") is None
    assert soup.find("input", id="condition-lymphoma") is not None


def test_cards_show_modality_status_and_conditions(client, catalogue, therapy_index, parse):
    _, soup = listed(client, f"{therapy_index.url}?modality=cell-therapy", parse)
    card = soup.find(class_="therapy-card")
    assert "Gene-modified cell therapy" in card.get_text()
    assert card.find(class_="badge--approved").get_text() == "Approved"
    assert card.find("a", href="/conditions/lymphoma/") is not None


def test_empty_result_explains_itself(client, catalogue, therapy_index, parse):
    _, soup = listed(client, f"{therapy_index.url}?modality=oncolytic-virus", parse)
    assert "No therapy matches" in soup.find(class_="notice").get_text()


def test_pagination_keeps_the_filters(client, therapy_index, parse, monkeypatch):
    monkeypatch.setattr("therapies.facets.RESULTS_PER_PAGE", 2)
    for n in range(5):
        TherapyPageFactory(
            parent=therapy_index, title=f"Addition {n}", modality=Modality.GENE_ADDITION
        )
    TherapyPageFactory(parent=therapy_index, title="Editing", modality=Modality.GENE_EDITING)
    titles, soup = listed(client, f"{therapy_index.url}?modality=gene-addition&page=2", parse)
    assert titles == ["Addition 2", "Addition 3"]
    next_href = soup.find("a", rel="next")["href"]
    assert "modality=gene-addition" in next_href and "page=3" in next_href


def test_a_tag_narrows_the_directory_and_shows_as_a_removable_filter(
    client, catalogue, therapy_index, parse
):
    catalogue["car_t"].tags.add("blood cancers")
    catalogue["car_t"].save()
    catalogue["silencer"].tags.add("blood cancers")
    catalogue["silencer"].save()

    titles, soup = listed(client, f"{therapy_index.url}?tag=blood-cancers", parse)
    assert titles == ["CAR-T", "Silencer"]
    chip = soup.find(class_="active-filters").find("a")
    assert chip.get_text(" ", strip=True).startswith("Tag: blood cancers")
    assert "tag=" not in chip["href"]
    # The tag stays ticked in the facets form, so other facets keep it.
    assert soup.find("input", attrs={"name": "tag", "value": "blood-cancers"}).has_attr("checked")
    titles, _ = listed(client, f"{therapy_index.url}?tag=blood-cancers&aim=inhibit", parse)
    assert titles == ["Silencer"]


def test_an_unknown_tag_is_ignored(client, catalogue, therapy_index, parse):
    titles, soup = listed(client, f"{therapy_index.url}?tag=no-such-tag", parse)
    assert titles == ["CAR-T", "Factor IX", "Silencer"]
    assert soup.find(class_="active-filters") is None
