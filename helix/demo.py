"""Demo content for the site itself: the home page and the site settings.

Idempotent: a second run finds what the first created and changes nothing.
"""

import os

from wagtail.models import Page, Site

from helix.models import HomePage, SiteSettings, SocialLink

HOME_TITLE = "Helix"


def load(stdout=None) -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's install-time "Welcome to your new Wagtail site!" page holds
        # the slug we want; remove it while it is still untouched.
        for welcome in root.get_children().filter(slug="home"):
            if welcome.specific_class is Page and not welcome.get_children().exists():
                welcome.delete()
        home = HomePage(
            title=HOME_TITLE,
            slug="home",
            tagline="Gene therapy, explained and referenced",
            intro=(
                "<p>Helix follows gene therapy from the laboratory to the clinic: "
                "plain-language articles, structured profiles of each therapy, and a "
                "shared library of the sources behind every claim.</p>"
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        # The demo serves on 127.0.0.1:$PORT; canonical URLs follow the Site.
        site = Site.objects.create(
            hostname="127.0.0.1",
            port=int(os.environ.get("PORT") or 8000),
            root_page=home,
            is_default_site=True,
            site_name="Helix",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.hostname = "127.0.0.1"
        site.port = int(os.environ.get("PORT") or 8000)
        site.site_name = "Helix"
        site.save()

    settings = SiteSettings.for_site(site)
    if not settings.contact_email:
        settings.site_name = "Helix"
        settings.contact_email = "editors@helix.example"
        settings.footer_text = (
            "Helix informs; it does not replace advice from your own doctor or care team."
        )
        settings.save()
    if not settings.social_links.exists():
        SocialLink.objects.create(
            settings=settings, label="Mastodon", url="https://mastodon.example/@helix", sort_order=0
        )
    return home
