"""Absolute URLs come from HELIX_BASE_URL, else from the Wagtail site."""

import pytest

from helix.links import absolute_url


@pytest.mark.django_db
def test_absolute_url_uses_the_default_site(site):
    assert absolute_url("/articles/") == "http://testserver/articles/"
    assert absolute_url("articles/") == "http://testserver/articles/"


def test_absolute_url_prefers_helix_base_url(settings):
    settings.HELIX_BASE_URL = "https://helix.example"
    assert absolute_url("/feeds/") == "https://helix.example/feeds/"


def test_absolute_url_leaves_absolute_urls_alone(settings):
    settings.HELIX_BASE_URL = "https://helix.example"
    assert absolute_url("https://doi.org/10.1/x") == "https://doi.org/10.1/x"
    assert absolute_url("") == ""
