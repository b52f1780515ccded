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
