"""/search/: what a reader sees for good queries, filters, odd input and hidden pages."""

from urllib.parse import urlencode

import pytest

from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from articles.models import Section
from sources.factories import SourceFactory
from tests.publication_states import DRAFT, PRIVATE, SCHEDULED
from therapies.factories import ConditionFactory

pytestmark = pytest.mark.django_db


def result_titles(soup, kind: str | None = None) -> list[str]:
    selector = f".search-result--{kind} h3" if kind else ".search__results .search-result h3"
    return [h3.get_text(strip=True) for h3 in soup.select(selector)]


def facet_counts(soup) -> dict[str, str]:
    return {
        link["data-type"]: link.select_one(".search__count").get_text(strip=True)
        for link in soup.select(".search__facets a[data-type]")
    }


def test_title_match_ranks_above_body_match(library, client, parse):
    library.article("Notes from the clinic", text="Zolgensma is mentioned only in passing here.")
    library.article("Zolgensma explained", text="An overview of a gene therapy.")

    soup = parse(client.get("/search/", {"q": "zolgensma", "type": "article"}))

    assert result_titles(soup, "article") == ["Zolgensma explained", "Notes from the clinic"]


def test_results_cover_every_kind_with_counts(library, client, parse):
    condition = ConditionFactory(name="Haemophilia B", synonyms="Christmas disease")
    therapy = library.therapy("Haemophilia B gene therapy", conditions=[condition])
    library.article("Living with haemophilia", therapies=[therapy])
    SourceFactory(
        title="Gene transfer in haemophilia B",
        authors=[("Nathwani", "Amit C")],
        doi="10.1056/NEJMoa1108046",
        pmid="22149959",
    )

    soup = parse(client.get("/search/", {"q": "haemophilia"}))

    assert facet_counts(soup) == {
        "article": "(1)",
        "therapy": "(1)",
        "condition": "(1)",
        "source": "(1)",
    }
    assert "4 results for" in soup.select_one(".search__summary").get_text()
    assert result_titles(soup, "condition") == ["Haemophilia B"]
    assert result_titles(soup, "source") == ["Gene transfer in haemophilia B"]


@pytest.mark.parametrize(
    "query",
    [
        "Nathwani",
        "10.1056/NEJMoa1108046",
        "https://doi.org/10.1056/NEJMOA1108046",
        "22149959",
        "PMID: 22149959",
        "PMID:022149959",
    ],
)
def test_a_source_matches_by_author_doi_or_pmid(library, client, parse, query):
    SourceFactory(
        title="Adeno-associated virus vector gene transfer",
        authors=[("Nathwani", "Amit C")],
        doi="10.1056/NEJMoa1108046",
        pmid="22149959",
    )
    SourceFactory(title="An unrelated report", authors=[("Smith", "Jane")], doi="10.1000/other")

    soup = parse(client.get("/search/", {"q": query, "type": "source"}))

    assert result_titles(soup, "source") == ["Adeno-associated virus vector gene transfer"]


def test_sources_rank_identifier_then_title_then_journal_or_author_newest_first(
    library, client, parse
):
    SourceFactory(title="Older vector study", year=2010)
    SourceFactory(title="Newer vector study", year=2022)
    SourceFactory(title="Capsid engineering", year=2023, container_title="Vector Reviews")
    SourceFactory(title="Liver outcomes", year=2024, authors=[("Vectorson", "Ann")])
    SourceFactory(title="Unrelated report", year=2025, doi="10.1000/vector")
    SourceFactory(title="Cited by its DOI", year=2001, doi="10.1000/vector.7")

    by_word = parse(client.get("/search/", {"q": "vector", "type": "source"}))
    by_doi = parse(client.get("/search/", {"q": "10.1000/vector.7", "type": "source"}))

    assert result_titles(by_word, "source") == [
        "Newer vector study",
        "Older vector study",
        "Liver outcomes",
        "Capsid engineering",
    ]
    assert result_titles(by_doi, "source")[0] == "Cited by its DOI"


def test_a_common_word_shows_the_newest_title_matches_up_to_the_limit(
    library, client, parse, monkeypatch
):
    monkeypatch.setattr("search.queries.MAX_RANKED", 2)
    for year in (2019, 2021, 2020):
        SourceFactory(title=f"Vector study {year}", year=year)
    SourceFactory(title="Capsids", year=2024, authors=[("Vectorson", "Ann")])

    soup = parse(client.get("/search/", {"q": "vector", "type": "source"}))

    assert result_titles(soup, "source") == ["Vector study 2021", "Vector study 2020"]
    assert facet_counts(soup)["source"] == "(2)"


def test_a_new_or_renamed_section_appears_in_the_search_form(library, client, parse):
    def section_options() -> list[str]:
        soup = parse(client.get("/search/", {"q": "gene"}))
        return [option.get_text() for option in soup.select("#search-section option")][1:]

    ethics = Section.objects.create(name="Ethics", slug="ethics")
    assert section_options() == ["Ethics"]
    Section.objects.create(name="Clinics", slug="clinics")
    assert section_options() == ["Clinics", "Ethics"]
    ethics.name = "Bioethics"
    ethics.save()
    assert section_options() == ["Bioethics", "Clinics"]
    ethics.delete()
    assert section_options() == ["Clinics"]


def test_type_filter_lists_only_that_kind(library, client, parse):
    library.therapy("CAR-T cell therapy")
    library.article("CAR-T cell therapy in lymphoma")

    soup = parse(client.get("/search/", {"q": "CAR-T", "type": "therapy"}))

    assert result_titles(soup) == ["CAR-T cell therapy"]
    assert soup.select_one('.search__facets a[aria-current="page"]')["data-type"] == "therapy"


def test_tag_filter_narrows_results_and_can_be_removed(library, client, parse):
    library.article("Vectors: AAV", tags=["aav"])
    library.article("Vectors: lentivirus", tags=["lentivirus"])

    soup = parse(client.get("/search/", {"q": "vectors", "tag": "aav"}))

    assert result_titles(soup) == ["Vectors: AAV"]
    remove = soup.select_one(".search__active-filters a")
    assert "Tag: aav" in remove.get_text()
    assert "tag=" not in remove["href"]


def test_section_filter_keeps_articles_of_that_section_only(library, client, parse):
    ethics = Section.objects.create(name="Ethics", slug="ethics")
    library.article("Consent and gene editing", section=ethics)
    library.article("Gene editing tools")
    library.therapy("Gene editing for sickle cell")

    soup = parse(client.get("/search/", {"q": "gene editing", "section": "ethics"}))

    assert result_titles(soup) == ["Consent and gene editing"]
    assert facet_counts(soup)["therapy"] == "(0)"
    assert "Section: Ethics" in soup.select_one(".search__active-filters").get_text()


def test_results_are_paginated(library, client, parse):
    for number in range(12):
        library.article(f"Retina study {number}")

    first = parse(client.get("/search/", {"q": "retina", "type": "article"}))
    second = parse(client.get("/search/", {"q": "retina", "type": "article", "page": "2"}))

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 2
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    assert "page=2" in first.select_one('.pagination a[rel="next"]')["href"]
    assert "Page 2 of 2" in second.select_one(".pagination").get_text()


def test_the_query_is_echoed_escaped(library, client, parse):
    response = client.get("/search/", {"q": '<script>alert("x")</script>'})

    assert response.status_code == 200
    assert b'<script>alert("x")</script>' not in response.content
    soup = parse(response)
    assert soup.select_one("#search-q")["value"] == '<script>alert("x")</script>'
    assert 'alert("x")' in soup.select_one(".search__empty h2").get_text()


def test_no_results_suggests_what_to_try(library, client, parse):
    library.article("AAV capsids", tags=["aav"])

    soup = parse(client.get("/search/", {"q": "xylophone"}))

    empty = soup.select_one(".search__empty")
    assert "Nothing matched “xylophone”" in empty.get_text()
    assert "DOI" in empty.get_text()
    assert [a.get_text() for a in empty.select(".tag-list a")] == ["aav"]


def test_suggested_tags_follow_what_is_published(library, client, parse):
    def suggested() -> list[str]:
        soup = parse(client.get("/search/", {"q": "xylophone"}))
        return [a.get_text() for a in soup.select(".search__empty .tag-list a")]

    library.article("AAV capsids", tags=["aav"])
    assert suggested() == ["aav"]
    editing = [library.article(f"Editing {number}", tags=["crispr"]) for number in range(2)]
    library.article("Unfinished", tags=["draft-only"], state=DRAFT)
    assert suggested() == ["crispr", "aav"]
    for page in editing:
        page.unpublish()
    assert suggested() == ["aav"]


def test_editors_promotion_appears_above_results(library, client, parse):
    pick = library.therapy("Haemophilia gene therapy")
    SearchPromotion.objects.create(
        query=Query.get("factor ix"), page=pick, description="Start here.", sort_order=0
    )

    soup = parse(client.get("/search/", {"q": "Factor  IX"}))

    promoted = soup.select_one(".search__promotions")
    assert promoted.select_one("h3 a").get_text() == "Haemophilia gene therapy"
    assert "Start here." in promoted.get_text()


@pytest.mark.parametrize("state", [DRAFT, PRIVATE, SCHEDULED])
def test_unpublished_pages_never_appear(library, client, parse, state):
    library.article("Hidden retina article", state=state)
    library.therapy("Hidden retina therapy", state=state)
    library.article("Visible retina article")

    soup = parse(client.get("/search/", {"q": "retina"}))

    assert result_titles(soup) == ["Visible retina article"]
    assert facet_counts(soup)["therapy"] == "(0)"


BAD_QUERIES = {
    "empty": "",
    "spaces": "    ",
    "very long": "gene " * 2000,
    "control characters": "gene\x00\x01\x1b[31m\x7f therapy\u200b",
    "only punctuation": "?!*\"'()[]{}:;^~-+&|",
    "fts syntax": 'NEAR(gene therapy) AND "unterminated OR *',
    "sql-ish": "'; DROP TABLE wagtailcore_page; --",
}


@pytest.mark.parametrize("query", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_bad_input_gives_a_normal_page_within_the_budget(library, get_within_budget, parse, query):
    library.article("Gene therapy basics")
    params = {"q": query, "type": "nonsense", "tag": "../x", "page": "-1"}

    # The work is bounded by queries, not by the clock (a busy machine is slow):
    # the budget of an ordinary search.
    response = get_within_budget(f"/search/?{urlencode(params)}", 20)

    assert response.status_code == 200
    soup = parse(response)
    assert soup.select_one("h1").get_text() == "Search"
    assert len(soup.select_one("#search-q")["value"]) <= 200


def test_only_punctuation_explains_itself(library, client, parse):
    soup = parse(client.get("/search/", {"q": "?!"}))

    assert "no letters or numbers" in soup.select_one(".search__empty").get_text()


def test_search_box_is_in_the_header_of_every_page(library, client, parse):
    for url in ("/", "/search/?q=gene"):
        soup = parse(client.get(url))
        form = soup.select_one("header form[role=search].site-search")
        assert form["action"] == "/search/"
        field = form.select_one("input[name=q]")
        assert soup.select_one(f'label[for="{field["id"]}"]').get_text(strip=True)


@pytest.mark.parametrize("articles", [1, 30])
def test_search_query_budget_is_flat(library, get_within_budget, articles):
    ethics = Section.objects.create(name="Ethics", slug="ethics")
    for number in range(articles):
        library.article(f"Genome study {number}", tags=["genome", f"tag-{number}"], section=ethics)
        library.therapy(f"Genome therapy {number}", tags=["genome"])
        ConditionFactory(name=f"Genome disorder {number}", tags=["genome"])
        SourceFactory(title=f"Genome paper {number}", authors=[("Doe", "Jo"), ("Roe", "Al")])

    assert get_within_budget("/search/?q=genome", 26).status_code == 200
    filtered = "/search/?q=genome&type=article&tag=genome"
    assert get_within_budget(filtered, 24).status_code == 200


def test_editors_manage_promotions_in_the_admin(home, admin_client):
    pick = Query.get("car-t")
    SearchPromotion.objects.create(query=pick, page=home, sort_order=0)

    listing = admin_client.get(reverse("wagtailsearchpromotions:index"))
    edit = admin_client.get(reverse("wagtailsearchpromotions:edit", args=[pick.pk]))

    assert listing.status_code == 200
    assert b"car-t" in listing.content
    assert edit.status_code == 200


def test_ranked_keys_come_from_any_backend_in_its_order():
    """Backends without a ranking queryset (Elasticsearch) are read result by result."""
    from types import SimpleNamespace

    from search.queries import _ranked_keys

    assert _ranked_keys([SimpleNamespace(pk=3), SimpleNamespace(pk=1)]) == [3, 1]
