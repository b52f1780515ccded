"""The demo library: every seed source once, with its authors; citations by key."""

import pytest

from demo.builders import Refs, sources
from sources.models import Source

pytestmark = pytest.mark.django_db


def test_every_seed_source_is_added_once(content, seed_source):
    sources(content["sources"], Refs())
    sources(content["sources"], Refs())
    assert Source.objects.count() == len(content["sources"]["sources"])
    catala = seed_source("catala-2022")
    assert catala.doi == "10.1016/j.medcli.2021.10.005"
    assert [a.family for a in catala.authors.all()] == ["Catalá", "Iacoboni", "Barba"]


def test_a_cite_token_becomes_a_citation_of_that_source(content, seed_source):
    refs = Refs()
    sources(content["sources"], refs)
    source = seed_source("fda-2023-duchenne")
    assert refs.rich_text("<p>Approved[cite:fda-2023-duchenne].</p>") == (
        f'<p>Approved<a linktype="citation" id="{source.pk}">[*]</a>.</p>'
    )
