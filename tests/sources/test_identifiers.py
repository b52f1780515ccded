import pytest

from django.core.exceptions import ValidationError

from sources.factories import SourceFactory
from sources.identifiers import (
    normalise_doi,
    normalise_nct,
    normalise_pmcid,
    normalise_pmid,
    normalise_title,
)
from sources.models import Source


@pytest.mark.parametrize(
    "raw",
    [
        "10.1016/J.MEDCLI.2021.10.005",
        "https://doi.org/10.1016/j.medcli.2021.10.005",
        "http://dx.doi.org/10.1016/j.medcli.2021.10.005",
        "doi: 10.1016/j.medcli.2021.10.005",
        "  DOI:10.1016/j.medcli.2021.10.005 ",
    ],
)
def test_doi_is_lower_cased_and_unprefixed(raw):
    assert normalise_doi(raw) == "10.1016/j.medcli.2021.10.005"


def test_identifiers_normalise():
    assert normalise_pmid("PMID: 34815084") == "34815084"
    assert normalise_pmcid("pmc5732682") == "PMC5732682"
    assert normalise_pmcid("5732682") == "PMC5732682"
    assert normalise_nct(" nct01234567") == "NCT01234567"
    assert normalise_title("Gene Therapy: Advances, Challenges & Perspectives!") == (
        "gene therapy advances challenges perspectives"
    )
    assert normalise_title("Catalá") == normalise_title("catala")


@pytest.mark.parametrize(
    ("function", "raw", "message"),
    [
        (normalise_doi, "not-a-doi", "Enter a DOI such as"),
        (normalise_pmid, "PMID 12a", "PubMed number"),
        (normalise_pmcid, "PMCabc", "PMCID is 'PMC' followed by digits"),
        (normalise_nct, "NCT123", "8 digits"),
    ],
)
def test_bad_identifiers_get_clear_messages(function, raw, message):
    with pytest.raises(ValidationError) as error:
        function(raw)
    assert message in error.value.messages[0]


@pytest.mark.django_db
def test_saving_normalises_identifiers():
    source = SourceFactory(
        doi="https://doi.org/10.1000/ABC", pmid="pmid: 123", nct_number="nct12345678"
    )
    source.refresh_from_db()
    assert (source.doi, source.pmid, source.nct_number) == ("10.1000/abc", "123", "NCT12345678")


@pytest.mark.django_db
def test_invalid_identifier_names_the_field():
    source = Source(title="A title", year=2020, doi="nonsense", pmid="x1")
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert set(error.value.message_dict) >= {"doi", "pmid"}


@pytest.mark.django_db
def test_month_and_day_are_checked():
    with pytest.raises(ValidationError) as error:
        Source(title="A title", year=2020, month=13, day=5).full_clean()
    assert "month" in error.value.message_dict


@pytest.mark.django_db
def test_absolute_url_has_id_and_slug():
    source = SourceFactory(title="Gene therapy: advances, challenges and perspectives")
    assert source.get_absolute_url() == (
        f"/sources/{source.pk}-gene-therapy-advances-challenges-and-perspectives/"
    )
