"""Readers find the feeds: <link rel="alternate"> in every page's head, and /feeds/."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import RequestFactory

from taggit.models import Tag

from articles.factories import ArticlePageFactory, AuthorFactory, SectionFactory
from therapies.factories import ConditionFactory, TherapyPageFactory

from .conftest import read_feed

pytestmark = pytest.mark.django_db

TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


def alternate_links(soup) -> list[tuple[str, str, str]]:
    return [
        (link["type"], link["title"], link["href"])
        for link in soup.find_all("link", rel="alternate")
    ]


def assert_resolves_to_feed(client, url):
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    feed = read_feed(response)  # JSON Feed: checked against version 1.1
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


def render_head(site, **context):
    """Render the autodiscovery tag as base.html does, for a given template context."""
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    request.site = site
    template = Template("{% load feed_tags %}{% feed_links %}")
    html = template.render(Context({"request": request, **context}))
    return BeautifulSoup(html, "html.parser")


def test_every_page_advertises_the_site_feed(client, home, parse):
    links = alternate_links(parse(client.get("/")))
    assert links == [
        (TYPES[fmt], f"Latest articles ({LABELS[fmt]})", f"http://testserver/feeds/articles.{fmt}")
        for fmt in ("rss", "atom", "json")
    ]
    for _type, _title, href in links:
        assert_resolves_to_feed(client, href)


def test_a_therapy_page_advertises_its_own_feed(client, site, therapy_index):
    therapy = TherapyPageFactory(
        parent=therapy_index, title="Haemophilia gene therapy", revision=True
    )
    links = alternate_links(render_head(site, page=therapy))
    assert [title for _type, title, _href in links] == [
        "Latest articles (RSS)",
        "Latest articles (Atom)",
        "Latest articles (JSON Feed)",
        "Haemophilia gene therapy: articles and updates (RSS)",
        "Haemophilia gene therapy: articles and updates (Atom)",
        "Haemophilia gene therapy: articles and updates (JSON Feed)",
        "Comments on “Haemophilia gene therapy” (RSS)",
        "Comments on “Haemophilia gene therapy” (Atom)",
        "Comments on “Haemophilia gene therapy” (JSON Feed)",
    ]
    assert links[3][2] == "http://testserver/feeds/therapies/haemophilia-gene-therapy.rss"
    assert (links[5][0], links[5][2]) == (
        TYPES["json"],
        "http://testserver/feeds/therapies/haemophilia-gene-therapy.json",
    )
    for _type, _title, href in links[3:6]:
        feed = assert_resolves_to_feed(client, href)
        assert feed.feed.title == "Helix: Haemophilia gene therapy: articles and updates"


def test_draft_or_private_therapy_pages_advertise_no_therapy_feed(site, therapy_index):
    from wagtail.models import PageViewRestriction

    draft = TherapyPageFactory(
        parent=therapy_index, title="Draft", slug="draft", live=False, revision=True
    )
    private = TherapyPageFactory(
        parent=therapy_index, title="Private", slug="private", revision=True
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for page in (draft, private):
        assert len(alternate_links(render_head(site, page=page))) == 3  # the site feed only


def test_author_tag_section_and_condition_pages_advertise_their_feeds(client, site, article_index):
    context = {
        "author": AuthorFactory(name="Ana Ruiz"),
        "tag": Tag.objects.create(name="Gene editing", slug="gene-editing"),
        "section": SectionFactory(name="Advances"),
        "condition": ConditionFactory(name="Haemophilia B"),
    }
    # Authors and tags have pages and feeds once something published carries them.
    ArticlePageFactory(parent=article_index, authors=[context["author"]], tags=["Gene editing"])
    expected = {
        "author": "/feeds/authors/ana-ruiz",
        "tag": "/feeds/tags/gene-editing",
        "section": "/feeds/sections/advances",
        "condition": "/feeds/conditions/haemophilia-b",
    }
    for name, obj in context.items():
        links = alternate_links(render_head(site, **{name: obj}))
        hrefs = [href for _type, _title, href in links]
        assert hrefs[3:] == [
            f"http://testserver{expected[name]}.rss",
            f"http://testserver{expected[name]}.atom",
            f"http://testserver{expected[name]}.json",
        ], name
        for href in hrefs:
            assert_resolves_to_feed(client, href)


def test_unrelated_context_values_add_nothing(site):
    assert len(alternate_links(render_head(site, author="a string", section=None))) == 3


def test_feeds_page_lists_every_feed_with_working_urls(client, parse, article_index, therapy_index):
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title="Haemophilia gene therapy",
        conditions=[ConditionFactory(name="Haemophilia B")],
        revision=True,
    )
    SectionFactory(name="Regulation")  # no articles yet: its feed is still listed
    ArticlePageFactory(
        parent=article_index,
        title="Published",
        authors=[AuthorFactory(name="Ana Ruiz")],
        section=SectionFactory(name="Advances"),
        tags=["AAV"],
        therapies=[therapy],
        revision=True,
    )
    ArticlePageFactory(
        parent=article_index,
        title="Draft",
        authors=[AuthorFactory(name="Hidden Author")],
        tags=["secret"],
        live=False,
        revision=True,
    )

    response = client.get("/feeds/")
    assert response.status_code == 200
    soup = parse(response)
    assert soup.find("h1").get_text() == "Feeds"
    groups = {
        section.find("h2").get_text(): [
            li.find(class_="feed-list__title").get_text()
            for li in section.find_all("li", class_="feed-list__item")
        ]
        for section in soup.find("main").find_all("section")
    }
    assert groups == {
        "Everything": ["Latest articles", "Latest comments"],
        "By section": ["Articles in Advances", "Articles in Regulation"],
        "By tag": ["Articles tagged “AAV”"],
        "By author": ["Articles by Ana Ruiz"],
        "By therapy": ["Haemophilia gene therapy: articles and updates"],
        "By condition": ["Haemophilia B: therapies and articles"],
    }
    hrefs = [a["href"] for a in soup.find("main").find_all("a", type=True)]
    assert len(hrefs) == 3 * 8
    for href in hrefs:
        assert_resolves_to_feed(client, href)
    shown = {span.get_text() for span in soup.find_all(class_="feed-list__url")}
    assert {
        "http://testserver/feeds/tags/aav.atom",
        "http://testserver/feeds/tags/aav.json",
    } <= shown
    assert alternate_links(soup)[0][2] == "http://testserver/feeds/articles.rss"


def test_feeds_page_helps_a_reader_subscribe(client, parse, article_index):
    """Three formats per feed, each a plain link with its address and a "Copy link" button.

    The buttons start hidden and the script that shows them is a static file (the
    CSP runs no inline script without the nonce): without JavaScript the page is
    links and addresses to copy by hand, with nothing that does not work.
    """
    ArticlePageFactory(parent=article_index, title="Published", tags=["AAV"], revision=True)
    soup = parse(client.get("/feeds/"))
    main = soup.find("main")
    assert "How to subscribe:" in main.find(class_="feeds-how-to").get_text()
    items = main.find_all("li", class_="feed-list__item")
    assert len(items) == 3  # the site's articles and comments, the tag
    for item in items:
        title = item.find(class_="feed-list__title").get_text()
        formats = item.find(class_="feed-list__formats").find_all("li")
        assert [li.find(class_="feed-list__format").get_text() for li in formats] == [
            "RSS",
            "Atom",
            "JSON Feed",
        ]
        for li, fmt in zip(formats, ("rss", "atom", "json"), strict=True):
            link, button = li.find("a"), li.find("button")
            assert link["type"] == TYPES[fmt] and link["href"].endswith(f".{fmt}")
            address = li.find(class_="feed-list__url").get_text()
            assert address == f"http://testserver{link['href']}"
            assert button["type"] == "button" and button.has_attr("hidden")
            assert button["data-copy-link"] == address
            assert button.get_text() == f"Copy link: {title}, {LABELS[fmt]}"
    scripts = soup.find_all("script")
    assert all(script.has_attr("nonce") for script in scripts if not script.has_attr("src"))
    [copier] = [script["src"] for script in scripts if script.has_attr("src")]
    assert copier == "/static/feeds/js/copy-link.js"
    assert finders.find("feeds/js/copy-link.js")
    cached = client.get("/feeds/")
    assert cached["X-Helix-Cache"] == "hit"
    assert len(parse(cached).find_all("button", attrs={"data-copy-link": True})) == 3 * 3


@pytest.mark.parametrize("count", [1, 12])
def test_feeds_page_within_query_budget(
    client, django_assert_max_num_queries, article_index, count
):
    for n in range(count):
        ArticlePageFactory(
            parent=article_index,
            title=f"Article {n}",
            tags=[f"tag {n}", f"other {n}"],
            authors=[AuthorFactory(name=f"Author {n}")],
            section=SectionFactory(name=f"Section {n}"),
            revision=True,
        )
    client.get("/")  # the site frame's own first-visit work (site settings) is not ours
    with django_assert_max_num_queries(14):
        response = client.get("/feeds/")
    assert len(response.context["groups"][1][1]) == 2 * count
