"""Every listing with a feed advertises it, as served, and every advertised link is a feed.

A reader's browser or feed reader looks at the page's ``<link rel="alternate">``:
these tests GET the real URL of each listing type (not a template rendered with a
hand-made context), then fetch each advertised feed.
"""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from articles.factories import ArticlePageFactory, AuthorFactory, SectionFactory
from therapies.factories import ConditionFactory, TherapyPageFactory

from .conftest import JSON_FEED_TYPE, read_feed
from .test_discovery import alternate_links

pytestmark = pytest.mark.django_db

SITE = "Latest articles"


@pytest.fixture
def listings(home, article_index, therapy_index):
    home.save_revision().publish()
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title="Haemophilia gene therapy",
        conditions=[ConditionFactory(name="Haemophilia B")],
        revision=True,
    )
    article = ArticlePageFactory(
        parent=article_index,
        title="AAV vectors explained",
        slug="aav-vectors",
        authors=[AuthorFactory(name="Ana Ruiz")],
        section=SectionFactory(name="Advances"),
        tags=["AAV"],
        therapies=[therapy],
        revision=True,
    )
    year = article.first_published.year
    return {
        "/": [SITE],
        "/articles/": [SITE],
        f"/articles/archive/{year}/": [SITE],
        "/articles/section/advances/": [SITE, "Articles in Advances"],
        "/articles/tag/aav/": [SITE, "Articles tagged “AAV”"],
        "/tags/aav/": [SITE, "Articles tagged “AAV”"],
        "/authors/ana-ruiz/": [SITE, "Articles by Ana Ruiz"],
        "/conditions/haemophilia-b/": [SITE, "Haemophilia B: therapies and articles"],
        therapy.url: [
            SITE,
            "Haemophilia gene therapy: articles and updates",
            "Comments on “Haemophilia gene therapy”",
        ],
        article.url: [SITE, "Comments on “AAV vectors explained”"],
        "/therapies/": [SITE],
        "/feeds/": [SITE],
    }


def test_every_listing_advertises_its_feeds(client, parse, listings):
    for url, titles in listings.items():
        response = client.get(url)
        assert response.status_code == 200, url
        links = alternate_links(parse(response))
        expected = [f"{title} ({fmt})" for title in titles for fmt in ("RSS", "Atom", "JSON Feed")]
        assert [title for _type, title, _href in links] == expected, url


def test_every_advertised_feed_is_a_valid_feed_with_that_title(client, parse, listings):
    checked = set()
    for url in listings:
        for media_type, title, href in alternate_links(parse(client.get(url))):
            if href in checked:
                continue
            checked.add(href)
            response = client.get(urlsplit(href).path)
            assert response.status_code == 200, (url, href)
            assert response["Content-Type"].split(";")[0] == media_type, href
            if media_type != JSON_FEED_TYPE:
                ElementTree.fromstring(response.content)  # well-formed XML
            feed = read_feed(response)  # JSON Feed: checked against version 1.1
            assert not feed.bozo, (href, feed.get("bozo_exception"))
            assert feed.feed.title == "Helix: " + title.rsplit(" (", 1)[0], href
    # site, section, tag, author, condition, therapy, and two pages' comments
    assert len(checked) == 3 * 8
