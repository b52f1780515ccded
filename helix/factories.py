"""Factories for site-wide models, shared by the tests of every app."""

import wagtail_factories

from helix.models import HomePage


def saved_through_revision(page, create, extracted, **kwargs):
    """Post-generation for page factories: ``revision=True`` saves as an editor does.

    The page is saved as a revision and, when it is live, published from it, so
    what only publishing sets is set (Wagtail's first and last published dates,
    the live revision, the ``page_published`` signal); a page made with
    ``live=False`` stays a draft that has a revision to edit, preview or review.
    Without it a factory's page is saved once, live or not, with no revision.
    """
    if not (create and extracted):
        return
    revision = page.save_revision()
    if page.live:
        revision.publish()
        page.refresh_from_db()


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Helix"
    slug = "home"
    tagline = "Gene therapy, explained and referenced"
    intro = "<p>Welcome to Helix.</p>"

    class Meta:
        model = HomePage
