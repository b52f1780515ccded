"""/api/v1/: published content only, filters, pagination, and an OpenAPI description."""

import json

import pytest

from django.contrib.auth import get_user_model

from articles.factories import AuthorFactory
from articles.models import Section
from sources.factories import SourceFactory
from tests.publication_states import DRAFT, PRIVATE, SCHEDULED
from therapies.factories import ConditionFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def items(client, path: str, **params) -> list[dict]:
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def titles(client, path: str, **params) -> list[str]:
    return [item.get("title") or item.get("name") for item in items(client, path, **params)]


def test_articles_list_only_live_public_pages(library, client):
    library.article("Published article")
    for state in (DRAFT, PRIVATE, SCHEDULED):
        library.article(f"{state} article", state=state)

    assert titles(client, "/articles/") == ["Published article"]


@pytest.mark.parametrize("state", [DRAFT, PRIVATE, SCHEDULED])
def test_unpublished_pages_are_absent_everywhere_in_the_api(library, client, state):
    hidden_therapy = library.therapy("Hidden therapy", state=state)
    hidden_article = library.article("Hidden article", state=state)
    condition = ConditionFactory(name="Leukaemia")
    hidden_therapy.conditions.set([condition])
    hidden_therapy.save()
    library.article("Visible article", therapies=[hidden_therapy])

    assert titles(client, "/therapies/") == []
    assert client.get(f"{API}/therapies/{hidden_therapy.pk}/").status_code == 404
    assert client.get(f"{API}/articles/{hidden_article.pk}/").status_code == 404
    (visible,) = items(client, "/articles/")
    assert visible["therapies"] == []
    (listed_condition,) = items(client, "/conditions/")
    assert listed_condition["therapies"] == []
    assert titles(client, "/search/", q="hidden") == []


def test_logged_in_editor_sees_no_more_than_the_public(library, client, admin_user):
    library.article("Private article", state=PRIVATE)
    library.article("Draft article", state=DRAFT)
    client.force_login(admin_user)

    assert titles(client, "/articles/") == []


def test_article_detail_carries_body_authors_and_never_an_email(library, client):
    owner = get_user_model().objects.create_user("editor", email="editor@example.org", password="x")
    author = AuthorFactory(name="Dr Ana Ruiz")
    therapy = library.therapy("CAR-T cell therapy")
    article = library.article(
        "CAR-T explained", text="T cells, re-engineered.", therapies=[therapy], authors=[author]
    )
    article.owner = owner
    article.save()

    response = client.get(f"{API}/articles/{article.pk}/")

    data = response.json()
    assert data["title"] == "CAR-T explained"
    assert data["url"] == f"http://testserver{article.url}"
    assert [a["name"] for a in data["authors"]] == ["Dr Ana Ruiz"]
    assert [t["title"] for t in data["therapies"]] == ["CAR-T cell therapy"]
    assert data["body"][0]["type"] == "paragraph"
    assert "T cells, re-engineered." in data["body"][0]["value"]
    assert "@" not in response.content.decode()


def test_article_filters_by_tag_section_therapy_and_condition(library, client):
    regulation = Section.objects.create(name="Regulation", slug="regulation")
    myeloma = ConditionFactory(name="Multiple myeloma")
    car_t = library.therapy("CAR-T cell therapy", conditions=[myeloma])
    library.article("Tagged", tags=["car-t"])
    library.article("Sectioned", section=regulation)
    library.article("About CAR-T", therapies=[car_t])

    assert titles(client, "/articles/", tag="car-t") == ["Tagged"]
    assert titles(client, "/articles/", section="regulation") == ["Sectioned"]
    assert titles(client, "/articles/", therapy=car_t.slug) == ["About CAR-T"]
    assert titles(client, "/articles/", condition="multiple-myeloma") == ["About CAR-T"]


def test_therapies_filter_by_condition_tag_and_type(library, client):
    haemophilia = ConditionFactory(name="Haemophilia")
    library.therapy("Factor IX gene therapy", conditions=[haemophilia], tags=["aav"])
    library.therapy("Base editing", modality="gene-editing")

    assert titles(client, "/therapies/", condition="haemophilia") == ["Factor IX gene therapy"]
    assert titles(client, "/therapies/", tag="aav") == ["Factor IX gene therapy"]
    assert titles(client, "/therapies/", type="gene-editing") == ["Base editing"]
    assert client.get(f"{API}/therapies/", {"type": "magic"}).status_code == 422


def test_conditions_list_published_therapies_and_filter_by_therapy(library, client):
    leukaemia = ConditionFactory(name="Leukaemia", synonyms="leukemia, blood cancer")
    ConditionFactory(name="Duchenne muscular dystrophy")
    car_t = library.therapy("CAR-T cell therapy", conditions=[leukaemia])

    (condition,) = items(client, "/conditions/", therapy=car_t.slug)

    assert condition["name"] == "Leukaemia"
    assert condition["synonyms"] == ["leukemia", "blood cancer"]
    assert [t["title"] for t in condition["therapies"]] == ["CAR-T cell therapy"]


def test_sources_filter_by_type_tag_and_identifier(client, home):
    SourceFactory(
        title="A trial",
        authors=[("Maude", "Shannon L")],
        doi="10.1056/NEJMoa1709866",
        tags=["car-t"],
    )
    SourceFactory(title="An FDA page", kind="webpage", authors=[])

    assert titles(client, "/sources/", type="webpage") == ["An FDA page"]
    assert titles(client, "/sources/", tag="car-t") == ["A trial"]
    (found,) = items(client, "/sources/", doi="10.1056/nejmoa1709866")
    assert found["authors"] == [{"family": "Maude", "given": "Shannon L", "is_organisation": False}]


def test_identifier_filters_normalise_as_the_library_does(client, home):
    SourceFactory(
        title="Terapia génica",
        doi="10.1016/j.medcli.2021.10.005",
        pmid="34815084",
        url="https://www.fda.gov/news-events/item/",
    )
    SourceFactory(title="Another", doi="10.1000/other")

    for params in [
        {"doi": "https://doi.org/10.1016/J.MEDCLI.2021.10.005"},
        {"doi": "doi:10.1016/j.medcli.2021.10.005"},
        {"pmid": "PMID: 34815084"},
        {"url": "http://fda.gov/news-events/item?utm_source=newsletter"},
    ]:
        assert titles(client, "/sources/", **params) == ["Terapia génica"], params

    response = client.get(f"{API}/sources/", {"doi": "not a doi"})
    assert response.status_code == 422
    assert "Enter a DOI such as" in response.json()["detail"]


def test_lists_are_paginated_and_the_limit_is_capped(library, client):
    for number in range(3):
        library.article(f"Article {number}")

    response = client.get(f"{API}/articles/", {"limit": 2, "offset": 2})
    assert response.json()["count"] == 3
    assert len(response.json()["items"]) == 1
    too_many = client.get(f"{API}/articles/", {"limit": 500})
    assert too_many.status_code == 400
    assert too_many["Content-Type"] == "application/problem+json"


def test_search_endpoint_filters_by_type(library, client):
    library.article("Retinal dystrophy explained")
    library.therapy("Retinal gene therapy")

    hits = items(client, "/search/", q="retinal", type="therapy")

    assert [(hit["type"], hit["title"]) for hit in hits] == [("therapy", "Retinal gene therapy")]
    assert len(items(client, "/search/", q="retinal")) == 2


def test_openapi_document_describes_every_endpoint(client):
    response = client.get(f"{API}/openapi.json")

    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Helix API"
    paths = document["paths"]
    for path in ("articles", "therapies", "conditions", "sources"):
        assert f"{API}/{path}/" in paths
        assert "get" in paths[f"{API}/{path}/"]
    assert f"{API}/search/" in paths
    assert {method for operations in paths.values() for method in operations} == {"get"}
    article_filters = {p["name"] for p in paths[f"{API}/articles/"]["get"]["parameters"]}
    assert {"tag", "section", "therapy", "condition", "limit", "offset"} <= article_filters


@pytest.mark.parametrize("rows", [1, 30])
def test_listing_query_budgets_are_flat(library, client, django_assert_max_num_queries, rows):
    section = Section.objects.create(name="Advances", slug="advances")
    author = AuthorFactory(name="A. Writer")
    for number in range(rows):
        condition = ConditionFactory(name=f"Condition {number}", tags=["rare"])
        therapy = library.therapy(f"Therapy {number}", conditions=[condition], tags=["aav"])
        library.article(
            f"Article {number}",
            tags=["news"],
            section=section,
            therapies=[therapy],
            authors=[author],
        )
        SourceFactory(title=f"Source {number}", authors=[("Doe", "J"), ("Roe", "K")], tags=["key"])

    budgets = {
        "/articles/": ({}, 12),
        "/therapies/": ({}, 8),
        "/conditions/": ({}, 8),
        "/sources/": ({}, 7),
        "/search/": ({"q": "article"}, 12),
    }
    for path, (params, budget) in budgets.items():
        with django_assert_max_num_queries(budget):
            response = client.get(f"{API}{path}", {"limit": 50, **params})
        assert len(response.json()["items"]) == rows


def test_interactive_docs_work_offline(client):
    response = client.get(f"{API}/docs/")

    assert response.status_code == 200
    assert b"cdn." not in response.content
    assert b"openapi.json" in response.content


def test_the_api_root_describes_the_api_and_links_what_it_offers(library, client, settings):
    settings.DEBUG = True  # the demo's setting: still JSON, never a debug page

    response = client.get(f"{API}/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    index = response.json()
    assert index["title"] == "Helix API"
    assert index["openapi"] == f"http://testserver{API}/openapi.json"
    assert client.get(index["openapi"]).json()["info"]["title"] == "Helix API"
    assert client.get(index["docs"]).status_code == 200
    names = {endpoint["name"]: endpoint["url"] for endpoint in index["endpoints"]}
    assert set(names) == {"articles", "therapies", "conditions", "sources", "search"}
    for url in names.values():
        assert url.startswith(f"http://testserver{API}/")
        assert client.get(url).status_code == 200, url


def test_an_unknown_api_address_answers_a_json_problem(client, home, settings):
    settings.DEBUG = True

    response = client.get(f"{API}/nothing-here/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert f"http://testserver{API}/" in response.json()["detail"]


def cited_body(therapy, sources, paragraphs: int = 1) -> str:
    """Paragraphs that each link the therapy and cite every source, as the editor stores them."""
    citations = " ".join(f'<a linktype="citation" id="{source.pk}">[?]</a>' for source in sources)
    text = f'See <a linktype="page" id="{therapy.pk}">the profile</a>, as shown {citations}.'
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}] * paragraphs)


def test_article_body_is_public_html_with_numbered_citations_and_references(library, client):
    from bs4 import BeautifulSoup

    therapy = library.therapy("Onasemnogene abeparvovec")
    first = SourceFactory(
        title="Intravenous gene therapy for SMA",
        doi="10.1056/NEJMoa1706198",
        authors=[("Mendell", "JR")],
    )
    second = SourceFactory(
        title="FDA approval notice", kind="webpage", url="https://www.fda.gov/notice"
    )
    article = library.article("SMA treated")
    article.body = cited_body(therapy, [first, second, first])
    article.save_revision().publish()

    data = client.get(f"{API}/articles/{article.pk}/").json()

    html = data["body"][0]["value"]
    assert "linktype" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("a", string="the profile")["href"] == f"http://testserver{therapy.url}"
    markers = soup.select("a.citation-marker")
    assert [marker.text for marker in markers] == ["[1]", "[2]", "[1]"]
    assert markers[1]["href"] == f"http://testserver{article.url}#ref-2"
    references = data["references"]
    assert [(ref["number"], ref["source_id"]) for ref in references] == [
        (1, first.pk),
        (2, second.pk),
    ]
    assert "Intravenous gene therapy for SMA" in references[0]["text"]
    assert "<" not in references[0]["text"]
    assert references[0]["doi_url"] == "https://doi.org/10.1056/nejmoa1706198"
    assert references[1]["url"] == "https://www.fda.gov/notice"


def test_therapy_body_and_challenges_are_public_html(library, client):
    other = library.therapy("Another profile")
    source = SourceFactory(title="A trial report")
    therapy = library.therapy("Gene addition for LCA")
    therapy.body = cited_body(other, [source])
    therapy.challenges = f'<p>Costs; see <a linktype="page" id="{other.pk}">this</a>.</p>'
    therapy.save_revision().publish()

    data = client.get(f"{API}/therapies/{therapy.pk}/").json()

    assert "linktype" not in json.dumps(data)
    assert f'href="http://testserver{other.url}"' in data["challenges"]
    assert "[1]" in data["body"][0]["value"]
    assert [ref["number"] for ref in data["references"]] == [1]


@pytest.mark.parametrize("paragraphs", [1, 25])
def test_detail_query_budgets_stay_flat_as_bodies_grow(
    library, client, django_assert_max_num_queries, paragraphs
):
    therapies = [library.therapy(f"Therapy {n}") for n in range(3)]
    sources = [
        SourceFactory(title=f"Source {n}", authors=[("Doe", "J")]) for n in range(paragraphs)
    ]
    article = library.article("Long article")
    article.body = json.dumps(
        [json.loads(cited_body(therapies[n % 3], [sources[n]]))[0] for n in range(paragraphs)]
    )
    article.save_revision().publish()
    client.get(f"{API}/articles/{article.pk}/")  # formatted references are cached after this

    with django_assert_max_num_queries(11):
        data = client.get(f"{API}/articles/{article.pk}/").json()
    assert len(data["references"]) == paragraphs


LISTS = ["/articles/", "/therapies/", "/conditions/", "/sources/", "/search/"]
DETAILS = ["/articles/{}/", "/therapies/{}/", "/conditions/{}/", "/sources/{}/"]
#: Past what a 64-bit database integer holds (PostgreSQL: "bigint out of range";
#: SQLite: "Python int too large to convert to SQLite INTEGER"), and far past it.
OUT_OF_RANGE = ["9223372036854775808", "999999999999999999999999", "-9223372036854775809"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("number", OUT_OF_RANGE)
def test_an_offset_or_limit_out_of_range_is_a_422_problem(library, client, path, number):
    library.article("Gene therapy basics")
    for params in ({"offset": number}, {"limit": number}, {"offset": number, "limit": number}):
        response = client.get(f"{API}{path}", {"q": "gene", **params})
        assert response.status_code in {400, 422}, (params, response.status_code)
        assert response["Content-Type"] == "application/problem+json"
    response = client.get(f"{API}{path}", {"q": "gene", "offset": 2**63 - 1, "limit": 50})
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize("path", DETAILS)
@pytest.mark.parametrize("number", [*OUT_OF_RANGE, "0", "-1", "9223372036854775807"])
def test_an_id_out_of_range_is_a_404_problem(library, client, path, number):
    response = client.get(API + path.format(number))
    assert response.status_code == 404, response.status_code
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("name", "value"), [("pmid", "²"), ("url", "http://example.org:99999/"), ("url", "http://[::1")]
)
def test_identifiers_python_cannot_read_are_a_422(client, home, name, value):
    """A PMID of "²" passes str.isdigit() but not int(); port 99999 makes urlsplit raise."""
    response = client.get(f"{API}/sources/", {name: value})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
