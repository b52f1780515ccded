"""/sitemap.xml and /robots.txt: crawlers see exactly the published site."""

import xml.etree.ElementTree as ET

import pytest

from sources.factories import SourceFactory

from .conftest import DRAFT, PRIVATE, SCHEDULED

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_lists_exactly_the_live_public_pages_with_lastmod(home, library, client):
    home.save_revision().publish()  # the fixture's home page has never been published
    live = library.article("Live article")
    therapy = library.therapy("Live therapy")
    hidden = [library.article(f"{state} article", state=state) for state in (DRAFT, SCHEDULED)]
    private = library.article("Private article", state=PRIVATE)
    private_child_parent = library.therapy("Private therapy", state=PRIVATE)

    entries = sitemap_entries(client)

    expected = {
        "http://testserver/",
        "http://testserver/articles/",
        "http://testserver/therapies/",
        f"http://testserver{live.url}",
        f"http://testserver{therapy.url}",
    }
    assert set(entries) == expected
    assert all(entries.values()), "every entry has a lastmod"
    for page in [*hidden, private, private_child_parent]:
        assert not any(page.slug in location for location in entries)


def test_sitemap_lists_source_pages_with_lastmod(library, client):
    source = SourceFactory(title="A landmark trial")

    entries = sitemap_entries(client)

    url = f"http://testserver{source.get_absolute_url()}"
    assert entries[url].startswith(str(source.updated_at.year))


def test_robots_txt_points_at_the_sitemap(home, client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
