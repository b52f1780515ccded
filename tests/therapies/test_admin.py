"""Editors create profiles and conditions in the Wagtail admin; bad NCT numbers are refused."""

import pytest

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from helix.factories import HomePageFactory
from therapies.factories import (
    ClinicalTrialFactory,
    ConditionFactory,
    TherapyIndexPageFactory,
    TherapyPageFactory,
)
from therapies.models import ClinicalTrial, Condition, TherapyIndexPage, TherapyPage


def profile_form_data(conditions, trials, **overrides):
    data = {
        "title": "Haemophilia B gene therapy",
        "slug": "haemophilia-b-gene-therapy",
        "also_known_as": "Hemgenix",
        "summary": "Adds a working factor IX gene to liver cells.",
        "modality": "gene-addition",
        "aim": "replace",
        "vector": "aav",
        "delivery_route": "in-vivo",
        "target_genes": "F9",
        "approvals": inline_formset(
            [
                {
                    "regulator": "FDA",
                    "product_name": "Hemgenix",
                    "status": "approved",
                    "date": "2022-11-22",
                    "indication": "Adults with haemophilia B",
                    "citation": "",
                }
            ]
        ),
        "centres": inline_formset(
            [{"name": "La Paz University Hospital", "city": "Madrid", "country": "Spain"}]
        ),
        "trials": inline_formset(
            [{"nct_number": number, "title": "HOPE-B", "phase": "Phase 3"} for number in trials]
        ),
        "key_figures": streamfield(
            [("key_figure", {"number": "1", "label": "one infusion", "citation": ""})]
        ),
        "body": streamfield(
            [
                ("heading", {"text": "How it works", "level": "h2"}),
                ("paragraph", rich_text("<p>A virus carries the gene.</p>")),
            ]
        ),
        "challenges": rich_text("<p>Liver enzymes can rise.</p>"),
        "further_reading": streamfield([]),
        "tags": "haemophilia, AAV",
        "comments_open": "on",
    }
    data.update(overrides)
    form_data = nested_form_data(data)
    # A multiple choice posts one value per choice (nested_form_data would index a list).
    form_data["conditions"] = [str(condition.pk) for condition in conditions]
    return form_data


class TherapyAdminTests(WagtailPageTestCase):
    def setUp(self):
        root = Page.get_first_root_node()
        for child in root.get_children():
            child.delete()
        self.home = HomePageFactory(parent=root)
        Site.objects.create(hostname="testserver", root_page=self.home, is_default_site=True)
        self.index = TherapyIndexPageFactory(parent=self.home)
        self.condition = ConditionFactory(name="Haemophilia", slug="haemophilia")
        self.user = get_user_model().objects.create_superuser("editor", "e@x.org", "pw")
        self.client.force_login(self.user)

    def test_editor_creates_a_full_profile(self):
        self.assertCanCreateAt(TherapyIndexPage, TherapyPage)
        self.assertCanNotCreateAt(self.home.specific_class, TherapyPage)
        self.assertCanCreate(
            self.index, TherapyPage, profile_form_data([self.condition], ["nct03569891"])
        )
        therapy = TherapyPage.objects.get(slug="haemophilia-b-gene-therapy")
        assert therapy.live
        assert list(therapy.conditions.all()) == [self.condition]
        assert therapy.approvals.get().product_name == "Hemgenix"
        assert therapy.centres.get().country == "Spain"
        assert therapy.trials.get().nct_number == "NCT03569891", "stored upper-case"
        assert therapy.key_figures[0].value["label"] == "one infusion"
        assert [block.block_type for block in therapy.body] == ["heading", "paragraph"]
        assert sorted(therapy.tags.names()) == ["AAV", "haemophilia"]
        assert self.client.get(therapy.url).status_code == 200

    def test_bad_nct_number_is_refused_with_a_clear_message(self):
        url = reverse("wagtailadmin_pages:add", args=["therapies", "therapypage", self.index.pk])
        data = profile_form_data([self.condition], ["NCT123"])
        data["action-publish"] = "action-publish"
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert not TherapyPage.objects.exists()
        assert b"followed by eight digits" in response.content

    def test_the_directory_can_be_created_once(self):
        self.assertCanCreateAt(self.home.specific_class, TherapyIndexPage)
        assert not TherapyIndexPage.can_create_at(self.home), "max_count is 1"


@pytest.mark.parametrize(
    "value", ["NCT0123456", "NCT012345678", "NTC01234567", "01234567", "NCT0123456X"]
)
def test_nct_validation_rejects(db, value):
    trial = ClinicalTrial(nct_number=value)
    with pytest.raises(ValidationError) as error:
        trial.full_clean(exclude=["page"])
    assert "NCT01234567" in str(error.value.message_dict["nct_number"])


@pytest.mark.parametrize("value", ["NCT01234567", " nct01234567 "])
def test_nct_validation_accepts_and_normalises(db, value):
    trial = ClinicalTrial(nct_number=value)
    trial.full_clean(exclude=["page"])
    assert trial.nct_number == "NCT01234567"
    assert trial.registry_url == "https://clinicaltrials.gov/study/NCT01234567"


@pytest.fixture
def admin_client_logged_in(client, home):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@x.org", "pw"))
    return client


def test_condition_snippet_create_and_list(admin_client_logged_in, parse):
    client = admin_client_logged_in
    add_url = reverse("wagtailsnippets_therapies_condition:add")
    response = client.post(
        add_url,
        nested_form_data(
            {
                "name": "Duchenne muscular dystrophy",
                "slug": "duchenne-muscular-dystrophy",
                "synonyms": "DMD",
                "description": rich_text("<p>Muscles weaken over time.</p>"),
                "icd10": "G71.01",
                "orpha": "98896",
                "tags": "neuromuscular",
            }
        ),
    )
    assert response.status_code == 302
    condition = Condition.objects.get(slug="duchenne-muscular-dystrophy")
    assert condition.get_absolute_url() == "/conditions/duchenne-muscular-dystrophy/"

    listing = parse(client.get(reverse("wagtailsnippets_therapies_condition:list")))
    headings = [th.get_text(" ", strip=True) for th in listing.select("table thead th")]
    assert any("ICD-10" in h for h in headings) and any("ORPHA" in h for h in headings)
    assert "Duchenne muscular dystrophy" in listing.get_text()


def test_condition_admin_search_and_filters(admin_client_logged_in, therapy_index, parse):
    client = admin_client_logged_in
    treated = ConditionFactory(name="Haemophilia A", icd10="D66", synonyms="Factor VIII deficiency")
    ConditionFactory(name="Orphan disease", icd10="E99")
    TherapyPageFactory(parent=therapy_index, conditions=[treated])
    url = reverse("wagtailsnippets_therapies_condition:list")

    def names(query):
        soup = parse(client.get(f"{url}?{query}"))
        return [
            a.get_text(strip=True)
            for a in soup.select("table tbody td.title a, table tbody td a")
            if a.get_text(strip=True) in {"Haemophilia A", "Orphan disease"}
        ]

    assert names("q=D66") == ["Haemophilia A"]
    assert names("q=factor+viii") == ["Haemophilia A"]
    assert names("has_therapies=true") == ["Haemophilia A"]
    assert names("has_therapies=false") == ["Orphan disease"]


def test_clinical_trial_factory_makes_valid_numbers(db, therapy_index):
    trial = ClinicalTrialFactory(page=TherapyPageFactory(parent=therapy_index))
    trial.full_clean()
