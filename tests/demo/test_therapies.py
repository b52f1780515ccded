"""The demo therapies: builds the directory, conditions and four profiles, once."""

from io import StringIO

import pytest

from demo.loader import load
from therapies.models import Condition, TherapyIndexPage, TherapyPage

pytestmark = pytest.mark.django_db

PROFILE_SLUGS = {
    "car-t-cell-therapy",
    "haemophilia-gene-therapy",
    "duchenne-gene-therapy",
    "gene-therapy",
}
CONDITION_SLUGS = {
    "b-cell-lymphoma",
    "leukaemia",
    "multiple-myeloma",
    "haemophilia",
    "duchenne-muscular-dystrophy",
}


@pytest.fixture
def demo(loaded):
    return loaded


def test_loader_creates_the_contracted_slugs_and_is_idempotent(demo):
    index = TherapyIndexPage.objects.get()
    assert index.slug == "therapies" and index.show_in_menus and index.live
    assert set(TherapyPage.objects.published().values_list("slug", flat=True)) == PROFILE_SLUGS
    assert set(Condition.objects.values_list("slug", flat=True)) == CONDITION_SLUGS
    counts = (TherapyPage.objects.count(), Condition.objects.count())
    out = StringIO()
    load(stdout=out)
    assert (TherapyPage.objects.count(), Condition.objects.count()) == counts
    assert "4 profiles, 5 conditions" in out.getvalue()


def test_demo_profiles_render_with_their_facts(demo, client, parse):
    car_t = parse(client.get("/therapies/car-t-cell-therapy/"))
    text = car_t.get_text(" ", strip=True)
    assert "1,859+" in text and "85.5%" in text
    assert car_t.find("time", datetime="2017-08-30") is not None
    assert car_t.find("a", href="/conditions/multiple-myeloma/") is not None

    duchenne = parse(client.get("/therapies/duchenne-gene-therapy/"))
    approval = duchenne.find("table", class_="approvals").find("tbody").find("tr")
    assert approval.find("time")["datetime"] == "2023-06-22"
    assert "FDA approves first gene therapy" in approval.get_text()
    assert "Sant Joan de Déu Hospital" in duchenne.get_text()

    haemophilia = parse(client.get("/therapies/haemophilia-gene-therapy/"))
    assert "La Paz University Hospital" in haemophilia.get_text()


def test_overview_links_to_the_other_profiles(demo, client, parse):
    overview = parse(client.get("/therapies/gene-therapy/"))
    hrefs = {a["href"] for a in overview.select(".therapy-profile__body a")}
    assert {"/therapies/car-t-cell-therapy/", "/therapies/haemophilia-gene-therapy/"} <= hrefs
    assert "Three aims" in overview.get_text()


def test_demo_directory_and_compare(demo, client, parse):
    directory = parse(client.get("/therapies/?modality=gene-addition&condition=haemophilia"))
    assert [h.get_text(strip=True) for h in directory.select(".therapy-card h3")] == [
        "Haemophilia gene therapy"
    ]
    compare = parse(client.get("/therapies/compare/?t=car-t-cell-therapy&t=gene-therapy"))
    assert len(compare.select("table.comparison thead th")) == 2
