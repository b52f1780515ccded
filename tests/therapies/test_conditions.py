"""Condition pages: what the condition is and which published therapies treat it."""

import pytest

from wagtail.models import PageViewRestriction

from therapies.factories import ConditionFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db


def test_condition_page_describes_the_condition(client, home, parse):
    ConditionFactory(
        name="Haemophilia",
        slug="haemophilia",
        synonyms="Hemophilia, haemophilia B",
        description="<p>Blood does not <b>clot</b> properly.</p>",
        icd10="D66",
        orpha="ORPHA:448",
    )
    response = client.get("/conditions/haemophilia/")
    assert response.status_code == 200
    soup = parse(response)
    assert soup.find("h1").get_text() == "Haemophilia"
    assert "Also called: Hemophilia, haemophilia B" in soup.get_text()
    assert soup.find("b").get_text() == "clot"
    assert soup.find("a", href="https://www.orpha.net/en/disease/detail/448") is not None
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/conditions/haemophilia/"
    crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [a["href"] for a in crumbs.find_all("a")] == ["/", "/conditions/"]


def test_condition_page_lists_only_published_therapies(client, therapy_index, parse):
    condition = ConditionFactory(slug="lymphoma")
    TherapyPageFactory(parent=therapy_index, title="Published", conditions=[condition])
    TherapyPageFactory(parent=therapy_index, title="Draft", conditions=[condition], live=False)
    private = TherapyPageFactory(parent=therapy_index, title="Private", conditions=[condition])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    soup = parse(client.get("/conditions/lymphoma/"))
    assert [h.get_text(strip=True) for h in soup.select(".therapy-card h3")] == ["Published"]


def test_unknown_condition_is_a_404(client, home):
    assert client.get("/conditions/no-such-thing/").status_code == 404


def test_condition_index_counts_published_therapies_only(client, therapy_index, parse):
    treated = ConditionFactory(name="Treated", slug="treated")
    only_draft = ConditionFactory(name="Only a draft", slug="only-draft")
    ConditionFactory(name="Untreated", slug="untreated")
    TherapyPageFactory(parent=therapy_index, conditions=[treated])
    TherapyPageFactory(parent=therapy_index, conditions=[treated])
    TherapyPageFactory(parent=therapy_index, conditions=[treated, only_draft], live=False)
    soup = parse(client.get("/conditions/"))
    items = [li.get_text(" ", strip=True) for li in soup.select(".condition-list li")]
    assert items == ["Treated (2 therapies)"]
