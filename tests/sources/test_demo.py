import pytest

from sources import demo
from sources.models import Source

pytestmark = pytest.mark.django_db


def test_loader_adds_every_seed_source_once():
    demo.load()
    demo.load()
    assert Source.objects.count() == len(demo.SEED_SOURCES)
    catala = demo.seed_source("catala-2022")
    assert catala.doi == "10.1016/j.medcli.2021.10.005"
    assert [a.family for a in catala.authors.all()] == ["Catalá", "Iacoboni", "Barba"]


def test_citation_helper_cites_a_seed_source():
    demo.load()
    source = demo.seed_source("fda-2023-duchenne")
    assert demo.citation("fda-2023-duchenne") == (
        f'<a linktype="citation" id="{source.pk}">[*]</a>'
    )
