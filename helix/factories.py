"""Factories for site-wide models, shared by the tests of every app."""

import wagtail_factories

from helix.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Helix"
    slug = "home"
    tagline = "Gene therapy, explained and referenced"
    intro = "<p>Welcome to Helix.</p>"

    class Meta:
        model = HomePage
