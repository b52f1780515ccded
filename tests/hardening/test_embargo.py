"""An article whose first-published date is still to come is listed nowhere.

Its editor dated it in the future: until then it stays out of every listing,
as ``ArticlePage.objects.published()`` says (home, index, tags, feeds, search
and API have their own tests). These are the surfaces that once listed such an
article because they filtered by hand.
"""

from datetime import timedelta
from xml.etree import ElementTree

import pytest

from django.utils import timezone

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from articles.models import ArticleTherapy
from sources.models import Source, SourceKind
from therapies.factories import ConditionFactory, TherapyIndexPageFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db

OUT = "Out now"
EMBARGOED = "Embargoed until Monday"


def publish(page):
    """Publish as an editor does: a revision, then Wagtail's publish (signals run)."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def world(home):
    """A therapy for a condition, a source, and two articles citing and choosing both."""
    home.save_revision().publish()
    articles = ArticleIndexPageFactory(parent=home)
    therapies = TherapyIndexPageFactory(parent=home)
    condition = ConditionFactory(name="Haemophilia B")
    therapy = publish(
        TherapyPageFactory(parent=therapies, title="Etranacogene", conditions=[condition])
    )
    source = Source.objects.create(
        kind=SourceKind.JOURNAL_ARTICLE, title="A vector study", container_title="HGT", year=2024
    )
    cites = [
        {
            "type": "paragraph",
            "value": f'<p>See <a linktype="citation" id="{source.pk}">[*]</a></p>',
        }
    ]
    pages = {}
    for title, when in ((OUT, timedelta(days=-1)), (EMBARGOED, timedelta(days=3))):
        article = ArticlePageFactory(
            parent=articles,
            title=title,
            body=cites,
            first_published=timezone.now() + when,
            tags=["aav"],
        )
        ArticleTherapy.objects.create(page=article, therapy=therapy)
        pages[title] = publish(article)
    return {"therapy": therapy, "condition": condition, "source": source, **pages}


def link_texts(soup, selector: str) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(f"{selector} a")]


def test_sitemap_leaves_out_an_embargoed_article(client, world):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in root.findall("sm:url/sm:loc", ns)}
    assert f"http://testserver{world[OUT].url}" in locations
    assert f"http://testserver{world[EMBARGOED].url}" not in locations


def test_therapy_profile_lists_only_articles_already_out(client, parse, world):
    soup = parse(client.get(world["therapy"].url))
    titles = [a.get_text(strip=True) for a in soup.find_all("a")]
    assert OUT in titles
    assert EMBARGOED not in titles


def test_condition_page_lists_only_articles_already_out(client, parse, world):
    soup = parse(client.get(f"/conditions/{world['condition'].slug}/"))
    titles = [a.get_text(strip=True) for a in soup.find_all("a")]
    assert OUT in titles
    assert EMBARGOED not in titles


def test_cited_by_lists_only_articles_already_out(client, parse, world):
    soup = parse(client.get(world["source"].get_absolute_url()))
    assert link_texts(soup, ".source-detail__cited-by") == [OUT]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/tags/aav/",
        "/feeds/articles.rss",
        "/feeds/articles.json",
        "/feeds/tags/aav.atom",
        "/feeds/therapies/etranacogene.rss",
        "/feeds/therapies/etranacogene.json",
        "/feeds/conditions/haemophilia-b.atom",
        "/api/v1/articles/",
    ],
)
def test_listings_already_on_published_keep_it_out_too(client, world, url):
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    assert OUT in text, url
    assert EMBARGOED not in text, url


def test_the_embargoed_article_joins_every_surface_at_its_date(client, parse, world):
    """Not hidden for good: once its date has come, it is listed like any other."""
    article = world[EMBARGOED]
    article.first_published = timezone.now() - timedelta(minutes=1)
    publish(article)
    soup = parse(client.get(world["source"].get_absolute_url()))
    assert sorted(link_texts(soup, ".source-detail__cited-by")) == sorted([EMBARGOED, OUT])
    titles = [a.get_text(strip=True) for a in parse(client.get(world["therapy"].url)).find_all("a")]
    assert EMBARGOED in titles
