"""Canonical URLs, social previews and JSON-LD: what search engines and share cards read."""

import json

import pytest

from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from seo import schema_org
from sources.factories import SourceFactory

pytestmark = pytest.mark.django_db


def json_ld_blocks(soup) -> list[dict]:
    return [json.loads(tag.string) for tag in soup.select('script[type="application/ld+json"]')]


def meta(soup, key: str) -> str:
    tag = soup.select_one(f'meta[property="{key}"], meta[name="{key}"]')
    return tag["content"] if tag else ""


def test_home_page_has_canonical_social_tags_and_website_search_action(home, client, parse):
    soup = parse(client.get("/"))

    assert soup.select_one('link[rel="canonical"]')["href"] == "http://testserver/"
    assert meta(soup, "og:type") == "website"
    assert meta(soup, "og:site_name") == "Helix"
    assert meta(soup, "description") == "Gene therapy, explained and referenced"
    assert meta(soup, "og:title") == home.title
    assert meta(soup, "og:url") == "http://testserver/"
    assert meta(soup, "twitter:card") == "summary"
    (website,) = json_ld_blocks(soup)
    assert website["@context"] == "https://schema.org"
    assert website["@type"] == "WebSite"
    assert website["url"] == "http://testserver/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def test_article_social_image_is_a_fixed_size_rendition_of_the_hero(
    library, parse, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    hero = Image.objects.create(title="Lab bench", file=get_test_image_file(size=(2000, 1400)))
    article = library.article(
        "Gene therapy, explained", standfirst="What changes in the cell.", hero_image=hero
    )
    request = RequestFactory().get(article.url)

    soup = parse(render_to_string("seo/meta.html", {"page": article, "request": request}))

    assert meta(soup, "og:type") == "article"
    assert meta(soup, "description") == "What changes in the cell."
    assert meta(soup, "og:image").startswith("http://testserver/")
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert soup.select_one('link[rel="canonical"]')["href"] == f"http://testserver{article.url}"
    assert json_ld_blocks(soup) == [], "articles print their own JSON-LD, not WebSite"


def test_search_description_wins_over_the_standfirst(library, parse):
    article = library.article("Title", standfirst="Standfirst.")
    article.search_description = "Written for search engines."

    html = render_to_string("seo/meta.html", {"page": article, "request": None})

    assert meta(parse(html), "og:description") == "Written for search engines."


def test_json_ld_tag_cannot_be_broken_out_of(parse):
    data = {"name": "</script><script>alert(1)</script> & <!-- x"}

    html = Template("{% load seo_tags %}{% json_ld data %}").render(Context({"data": data}))

    assert html.count("</script>") == 1
    assert "<script>alert" not in html
    (script,) = parse(html).select('script[type="application/ld+json"]')
    assert json.loads(script.string) == data


def test_source_json_ld_is_a_scholarly_article_with_identifiers(home, parse):
    source = SourceFactory(
        title="Tisagenlecleucel in children and young adults with B-cell lymphoblastic leukemia",
        authors=[("Maude", "Shannon L"), ("Laetsch", "Theodore W")],
        year=2018,
        month=2,
        day=1,
        container_title="New England Journal of Medicine",
        volume="378",
        issue="5",
        pages="439-448",
        doi="10.1056/NEJMoa1709866",
        pmid="29385370",
    )

    html = Template("{% load seo_tags %}{% json_ld data %}").render(
        Context({"data": schema_org.source(source)})
    )
    (data,) = json_ld_blocks(parse(html))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"].startswith("Tisagenlecleucel")
    assert data["datePublished"] == "2018-02-01"
    assert data["author"][0] == {
        "@type": "Person",
        "familyName": "Maude",
        "givenName": "Shannon L",
        "name": "Shannon L Maude",
    }
    assert data["isPartOf"] == {"@type": "Periodical", "name": "New England Journal of Medicine"}
    assert {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1056/nejmoa1709866"} in (
        data["identifier"]
    )
    assert "https://doi.org/10.1056/nejmoa1709866" in data["sameAs"]


def test_other_sources_are_creative_works(home):
    trial = SourceFactory(
        title="NCT02435849", kind="clinical-trial", authors=[("Novartis", "")], year=2015
    )

    data = schema_org.source(trial)

    assert data["@type"] == "CreativeWork"
    assert data["datePublished"] == "2015"


def test_json_ld_filter_matches_the_tag():
    context = Context({"data": {"@type": "Thing", "name": "a <b>"}})

    as_filter = Template("{% load seo_tags %}{{ data|json_ld }}").render(context)
    as_tag = Template("{% load seo_tags %}{% json_ld data %}").render(context)

    assert as_filter == as_tag
    assert Template("{% load seo_tags %}{% json_ld empty %}").render(Context({})) == ""
