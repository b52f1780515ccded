import pytest

from django.core.exceptions import ValidationError

from sources.factories import SourceFactory
from sources.models import Source

pytestmark = pytest.mark.django_db


def test_same_doi_is_refused_with_a_link_to_the_existing_source():
    existing = SourceFactory(title="First", doi="10.1000/xyz")
    duplicate = Source(title="Other title", year=2001, doi="https://doi.org/10.1000/XYZ")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    message = error.value.message_dict["doi"][0]
    assert "the same DOI" in message
    assert f'href="/admin/snippets/sources/source/edit/{existing.pk}/"' in message
    assert str(existing) in message


def test_same_pmid_is_refused_on_save():
    SourceFactory(pmid="34815084")
    with pytest.raises(ValidationError) as error:
        Source(title="Different", year=1999, pmid="PMID: 34815084").save()
    assert "the same PMID" in error.value.message_dict["pmid"][0]
    assert Source.objects.count() == 1


def test_same_normalised_title_and_year_is_refused():
    SourceFactory(title="Gene therapy: advances, challenges and perspectives", year=2017)
    with pytest.raises(ValidationError) as error:
        Source(title="GENE THERAPY — Advances, challenges and perspectives.", year=2017).save()
    assert "the same title and year" in error.value.message_dict["title"][0]


def test_same_title_in_another_year_is_a_different_work():
    SourceFactory(title="Annual report on gene therapy", year=2022)
    Source(title="Annual report on gene therapy", year=2023).save()
    assert Source.objects.count() == 2


def test_editing_a_source_is_not_a_duplicate_of_itself():
    source = SourceFactory(doi="10.1000/self")
    source.title = "Renamed"
    source.full_clean()
    source.save()


def test_admin_form_shows_the_duplicate_error(admin_client):
    existing = SourceFactory(doi="10.1000/admin")
    response = admin_client.post(
        "/admin/snippets/sources/source/add/",
        {
            "kind": "article-journal",
            "title": "Another",
            "year": "2020",
            "doi": "10.1000/ADMIN",
            "authors-TOTAL_FORMS": "0",
            "authors-INITIAL_FORMS": "0",
            "authors-MIN_NUM_FORMS": "0",
            "authors-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "The library already has this source" in content
    assert f"/admin/snippets/sources/source/edit/{existing.pk}/" in content
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("FDA’s approval of a gene–therapy", "FDA's approval of a gene-therapy"),
        ("Terapia génica: estado actual", "TERAPIA GENICA — ESTADO ACTUAL."),
        ("“Zolgensma” label update", "zolgensma label update"),
    ],
)
def test_titles_differing_in_case_punctuation_or_accents_are_refused(stored, typed):
    SourceFactory(title=stored, year=2024)
    with pytest.raises(ValidationError) as error:
        Source(title=typed, year=2024).save()
    assert "the same title and year" in error.value.message_dict["title"][0]


def test_the_same_url_is_refused_whatever_its_spelling():
    existing = SourceFactory(
        kind="webpage",
        title="FDA approves first gene therapy",
        url="https://www.fda.gov/news/item/",
    )
    typed = Source(
        kind="webpage",
        title="FDA news release",
        year=2017,
        url="http://FDA.gov/news/item?utm_source=twitter#top",
    )
    with pytest.raises(ValidationError) as error:
        typed.save()
    message = error.value.message_dict["url"][0]
    assert "The library already has this source, with the same URL" in message
    assert f"/admin/snippets/sources/source/edit/{existing.pk}/" in message


def add_form(**fields) -> dict:
    return {
        "kind": "webpage",
        "year": "2017",
        "authors-TOTAL_FORMS": "0",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_the_admin_create_view_refuses_a_repeated_url(admin_client, parse):
    existing = SourceFactory(kind="webpage", title="FDA notice", url="https://www.fda.gov/n/1/")
    response = admin_client.post(
        "/admin/snippets/sources/source/add/",
        add_form(title="The FDA notice, typed again", url="http://fda.gov/n/1"),
    )
    assert response.status_code == 200
    error = parse(response).select_one("[data-field-wrapper] .error-message, .error-message")
    assert error is not None
    assert "The library already has this source, with the same URL" in parse(response).text
    assert f"/admin/snippets/sources/source/edit/{existing.pk}/" in response.content.decode()
    assert Source.objects.count() == 1


def test_the_admin_edit_view_refuses_a_title_that_repeats_another(admin_client, parse):
    SourceFactory(title="Gene therapy’s second wave", year=2021)
    other = SourceFactory(title="Something else", year=2021)
    form = add_form(kind="article-journal", year="2021", title="GENE THERAPY'S SECOND WAVE!")
    response = admin_client.post(f"/admin/snippets/sources/source/edit/{other.pk}/", form)
    assert response.status_code == 200
    assert "The library already has this source, with the same title and year" in (
        parse(response).text
    )
    other.refresh_from_db()
    assert other.title == "Something else"


def test_an_import_reports_a_repeated_url_as_the_existing_source():
    from sources.importing import import_text

    existing = SourceFactory(kind="webpage", title="FDA notice", url="https://www.fda.gov/n/2/")
    bib = (
        "@online{x, title={FDA Notice!}, year={2017}, url={http://fda.gov/n/2},"
        " urldate={2024-01-02}}"
    )
    plans, counts = import_text(bib, "bibtex")
    assert counts == {"create": 0, "merge": 1, "skip": 0}
    assert plans[0].existing == existing
    assert plans[0].reason == "the same URL"
    assert Source.objects.count() == 1


def test_the_migration_rekeys_the_sources_already_stored():
    from importlib import import_module

    from django.apps import apps

    source = SourceFactory(title="FDA’s gene–therapy notice", url="https://www.fda.gov/n/3/")
    Source.objects.filter(pk=source.pk).update(title_key="fdas genetherapy notice", url_key="")
    import_module("sources.migrations.0004_source_url_key").rekey(apps, None)
    source.refresh_from_db()
    assert (source.title_key, source.url_key) == ("fdas gene therapy notice", "fda.gov/n/3")
