"""The site frame: home page, admin login and the 404 page render for a reader."""

import pytest

from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_home_page_renders_site_frame(client, home, parse):
    response = client.get("/")
    assert response.status_code == 200
    soup = parse(response)
    assert soup.find("h1").get_text(strip=True) == "Helix"
    assert soup.find("a", class_="skip-link")["href"] == "#main"
    assert soup.find("main", id="main") is not None
    assert soup.find("header", class_="site-header") is not None
    assert soup.find("footer", class_="site-footer") is not None
    assert soup.find("html")["lang"] == "en"
    assert soup.title.get_text() == "Helix — Gene therapy, explained and referenced"
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/"
    stylesheet = soup.find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith("/static/"), "the stylesheet is served locally, never a CDN"


def test_main_navigation_lists_menu_pages(client, home, parse):
    from wagtail.models import Page

    about = Page(title="About Helix", slug="about", show_in_menus=True)
    home.add_child(instance=about)
    hidden = Page(title="Hidden", slug="hidden", show_in_menus=False)
    home.add_child(instance=hidden)
    nav = parse(client.get("/")).find("nav", attrs={"aria-label": "Main"})
    # Menu pages in tree order, then the reference library (a Django view, not a page).
    assert [a.get_text(strip=True) for a in nav.find_all("a")] == ["About Helix", "Sources"]
    library = parse(client.get("/sources/")).find("nav", attrs={"aria-label": "Main"})
    assert library.find("a", attrs={"aria-current": "page"}).get_text() == "Sources"


def test_footer_links_to_feeds_topics_and_authors(client, home, parse):
    footer = parse(client.get("/")).find("footer")
    hrefs = {a.get_text(strip=True): a["href"] for a in footer.find_all("a")}
    assert (hrefs["Feeds"], hrefs["Topics"], hrefs["Authors"]) == ("/feeds/", "/tags/", "/authors/")


def test_site_settings_appear_in_footer(client, site, parse):
    from helix.models import SiteSettings, SocialLink

    settings = SiteSettings.for_site(site)
    settings.contact_email = "desk@helix.example"
    settings.footer_text = "Not medical advice."
    settings.save()
    SocialLink.objects.create(settings=settings, label="Mastodon", url="https://m.example/@h")
    footer = parse(client.get("/")).find("footer")
    assert footer.find("a", href="mailto:desk@helix.example")
    assert "Not medical advice." in footer.get_text()
    assert footer.find("a", href="https://m.example/@h").get_text() == "Mastodon"


def test_admin_login_page_renders(client, home, parse):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    soup = parse(response)
    assert soup.find("input", attrs={"name": "username"}) is not None
    assert soup.find("input", attrs={"name": "password"}) is not None


def test_missing_page_uses_helix_404_template(client, home, parse):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    soup = parse(response)
    assert soup.find("h1").get_text(strip=True) == "Page not found"
    assert soup.find("a", class_="skip-link") is not None


@override_settings(DEBUG=False)
def test_server_error_page_is_self_contained(parse):
    from django.template.loader import render_to_string

    soup = parse(render_to_string("500.html"))
    assert soup.find("h1").get_text(strip=True) == "Something went wrong"
    assert soup.find("link", rel="stylesheet") is None


def test_canonical_url_follows_helix_base_url(client, home, parse, settings):
    settings.HELIX_BASE_URL = "https://helix.example"
    soup = parse(client.get("/"))
    assert soup.find("link", rel="canonical")["href"] == "https://helix.example/"
