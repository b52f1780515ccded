"""Page routing (helix/routing.py) answers every URL as Wagtail's own routing does."""

import pytest

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from helix import routing
from helix.factories import HomePageFactory

pytestmark = pytest.mark.django_db


def route_both_ways(path: str, host: str = "testserver"):
    """(Helix's result, Wagtail's result) as (page id, args) pairs, or None for a 404."""

    def outcome(result):
        if result is None:
            return None
        page, args, kwargs = result
        view = args[0].__name__ if args else None
        return page.pk, type(page), view, args[1:] if args else (), kwargs

    factory = RequestFactory()
    ours = factory.get(path, HTTP_HOST=host)
    routing.SiteMiddleware(lambda request: None)(ours)  # the site, where Wagtail looks
    wagtails = factory.get(path, HTTP_HOST=host)
    return (
        outcome(routing.route_for_request(ours, path)),
        outcome(Page.route_for_request(wagtails, path)),
    )


@pytest.fixture
def tree(home):
    index = ArticleIndexPageFactory(parent=home, slug="articles")
    article = ArticlePageFactory(parent=index, slug="gene-editing", title="Gene editing")
    draft = ArticlePageFactory(parent=index, slug="draft-piece", live=False)
    # A child whose slug is also one of the index's own sub-URLs ("tag/<slug>/").
    clash = ArticlePageFactory(parent=index, slug="tag")
    return {"index": index, "article": article, "draft": draft, "clash": clash}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/articles/",
        "/articles/gene-editing/",
        "/articles/draft-piece/",  # not live: 404
        "/articles/missing/",
        "/articles/gene-editing/deeper/",
        "/articles/tag/",  # the child page, since "tag/" alone is no sub-URL
        "/articles/tag/gene-therapy/",  # the index's tag listing
        "/articles/archive/2025/",
        "/articles/archive/2025/13/",  # a sub-URL the view then refuses
        "/nowhere/",
    ],
)
def test_every_url_routes_as_wagtail_routes_it(tree, path):
    ours, wagtails = route_both_ways(path)
    assert ours == wagtails


def test_an_unpublished_section_still_routes_to_its_live_pages_as_in_wagtail(tree):
    tree["index"].unpublish()
    ours, wagtails = route_both_ways("/articles/gene-editing/")
    assert ours is not None
    assert ours == wagtails
    assert route_both_ways("/articles/tag/gene-therapy/")[0] is None  # its sub-URLs are gone


@pytest.mark.parametrize(
    "sites, host",
    [
        ([("testserver", 80, True)], "testserver"),
        ([("testserver", 80, True)], "other.example"),
        ([("a.example", 80, True), ("b.example", 80, False)], "b.example"),
        ([("a.example", 80, True), ("b.example", 8000, False)], "b.example:8000"),
        ([("a.example", 80, True), ("b.example", 8000, False)], "b.example"),
        (
            [("a.example", 80, True), ("b.example", 81, False), ("b.example", 82, False)],
            "b.example",
        ),
        ([("a.example", 80, False)], "c.example"),
    ],
)
def test_sites_are_matched_by_wagtails_rules(home, sites, host):
    Site.objects.all().delete()
    for hostname, port, default in sites:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=default)
    request = RequestFactory().get("/", HTTP_HOST=host)
    hostname, _, port = host.partition(":")
    try:
        expected = get_site_for_hostname(hostname, port or "80")
    except Site.DoesNotExist:
        expected = None
    found = routing.site_for_request(request)
    assert (found and found.pk) == (expected and expected.pk)


def test_an_article_is_found_in_two_queries(tree, client):
    client.get("/articles/gene-editing/")  # fills the cached sites and restrictions
    request = RequestFactory().get("/articles/gene-editing/")
    routing.SiteMiddleware(lambda request: None)(request)
    with CaptureQueriesContext(connection) as queries:
        page, _, _ = routing.route_for_request(request, "/articles/gene-editing/")
    assert page.pk == tree["article"].pk
    assert len(queries) == 2
    # The pages above it came with the route: breadcrumbs need no query.
    assert [ancestor.title for ancestor in page.routed_ancestors] == [
        tree["index"].get_parent().title,
        tree["index"].title,
    ]


def test_editing_a_site_takes_effect_at_once(tree, client, site):
    assert client.get("/articles/gene-editing/").status_code == 200
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other-home")
    site.root_page = other_home
    site.save()
    assert client.get("/articles/gene-editing/").status_code == 404
    assert client.get("/").status_code == 200


def test_restricting_a_page_takes_effect_at_once(tree, client, parse):
    listing = parse(client.get("/articles/"))
    assert "Gene editing" in listing.get_text()
    restriction = PageViewRestriction.objects.create(
        page=tree["article"], restriction_type=PageViewRestriction.LOGIN
    )
    assert "Gene editing" not in parse(client.get("/articles/")).get_text()
    assert client.get("/articles/gene-editing/").status_code == 302  # to the login page
    restriction.delete()
    assert "Gene editing" in parse(client.get("/articles/")).get_text()
