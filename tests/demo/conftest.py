"""The demo content's own tests: the data files loaded into an empty database."""

from io import StringIO

import pytest

from django.core.management import call_command

from wagtail.models import Site

from demo.loader import read_content
from sources.models import Source


@pytest.fixture
def content() -> dict[str, dict]:
    return read_content()


@pytest.fixture
def seed_source(content):
    """The library row made from a key of sources.json."""

    def find(key: str) -> Source:
        data = content["sources"]["sources"][key]
        return Source.objects.get(title=data["title"], year=data["year"])

    return find


@pytest.fixture
def loaded(db) -> str:
    """The demo loaded once, served on the test client's host; the command's output."""
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "testserver", 80
    site.save()
    return out.getvalue()
