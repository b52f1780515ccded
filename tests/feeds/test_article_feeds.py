"""Article feeds as a feed reader sees them: valid RSS 2.0, Atom 1.0 and JSON Feed 1.1."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import wagtail_factories

from django.test import override_settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.factories import ArticlePageFactory, AuthorFactory, SectionFactory
from articles.models import ArticlePage

from .conftest import paragraph

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom", "json"]


@pytest.fixture
def article(article_index, therapy_index):
    """A fully dressed article: two authors, a section, tags, a hero image, links."""
    return ArticlePageFactory(
        parent=article_index,
        title="Base editing corrects a liver gene",
        slug="base-editing-liver",
        standfirst="A one-off infusion lowered cholesterol for a year.",
        authors=[
            AuthorFactory(name="Ana Ruiz"),
            AuthorFactory(name="Sermes CRO", is_organisation=True),
        ],
        section=SectionFactory(name="Advances"),
        tags=["gene editing", "liver"],
        hero_image=wagtail_factories.ImageFactory(title="Liver cells"),
        body=paragraph(
            '<p>Read the <a href="/therapies/">therapy directory</a> and the '
            '<a href="#references">references</a>.</p>'
        ),
        first_published=timezone.now() - timedelta(days=3),
        last_updated=timezone.now() - timedelta(days=1),
        revision=True,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_latest_articles_feed_carries_every_field(fetch_feed, article, fmt):
    feed = fetch_feed(f"/feeds/articles.{fmt}")
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Helix: Latest articles"
    assert feed.feed.link == "http://testserver/articles/"
    [entry] = feed.entries
    assert entry.title == "Base editing corrects a liver gene"
    assert entry.link == "http://testserver/articles/base-editing-liver/"
    assert entry.id == f"tag:testserver,2026:page-{article.pk}"
    assert entry.summary == "A one-off infusion lowered cholesterol for a year."
    assert [author.name for author in entry.authors] == ["Ana Ruiz", "Sermes CRO"]
    assert [tag.term for tag in entry.tags] == ["Advances", "gene editing", "liver"]
    assert entry.published_parsed[:3] == article.first_published.utctimetuple()[:3]
    assert entry.updated_parsed[:3] == article.last_updated.utctimetuple()[:3]
    [enclosure] = entry.enclosures
    assert enclosure.href.startswith("http://testserver/media/original_images/")
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == article.hero_image.file.size > 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_full_content_has_absolute_links_and_images(fetch_feed, article, fmt):
    content = fetch_feed(f"/feeds/articles.{fmt}").entries[0].content[0].value
    assert 'href="http://testserver/therapies/"' in content
    assert 'href="http://testserver/articles/base-editing-liver/#references"' in content
    assert 'src="http://testserver/media/original_images/' in content
    assert 'href="/' not in content and 'src="/' not in content


@pytest.mark.parametrize("fmt", FORMATS)
def test_full_content_appends_the_references_list(fetch_feed, article, monkeypatch, fmt):
    """Pages that cite sources (``CitingPageMixin.references()``) carry their list."""
    reference = SimpleNamespace(
        number=1,
        source=SimpleNamespace(pk=7),
        html=mark_safe('Doe J. <i>Base editing</i>. <a href="/sources/7-x/">N Engl J Med</a>'),
    )
    monkeypatch.setattr(ArticlePage, "references", lambda page: [reference], raising=False)
    content = fetch_feed(f"/feeds/articles.{fmt}").entries[0].content[0].value
    assert "<h2>References</h2>" in content
    assert '<li value="1">Doe J. <i>Base editing</i>.' in content
    assert 'href="http://testserver/sources/7-x/"' in content


@override_settings(HELIX_BASE_URL="https://helix.example")
@pytest.mark.parametrize("fmt", FORMATS)
def test_links_use_the_public_base_url(fetch_feed, article, fmt):
    feed = fetch_feed(f"/feeds/articles.{fmt}")
    entry = feed.entries[0]
    assert entry.link == "https://helix.example/articles/base-editing-liver/"
    assert entry.id == f"tag:helix.example,2026:page-{article.pk}"
    assert entry.enclosures[0].href.startswith("https://helix.example/media/")
    assert 'href="https://helix.example/therapies/"' in entry.content[0].value
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"https://helix.example/feeds/articles.{fmt}"]


def test_latest_feed_is_newest_first_and_stops_at_twenty(fetch_feed, article_index):
    now = timezone.now()
    for n in range(22):
        ArticlePageFactory(
            parent=article_index,
            title=f"Article {n}",
            first_published=now - timedelta(hours=n),
            revision=True,
        )
    titles = [entry.title for entry in fetch_feed("/feeds/articles.atom").entries]
    assert titles == [f"Article {n}" for n in range(20)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_section_tag_and_author_feeds_select_their_articles(fetch_feed, article_index, fmt):
    ana, ben = AuthorFactory(name="Ana Ruiz"), AuthorFactory(name="Ben Ito")
    advances, ethics = SectionFactory(name="Advances"), SectionFactory(name="Ethics")
    ArticlePageFactory(
        parent=article_index,
        title="In advances by Ana",
        section=advances,
        authors=[ana],
        tags=["AAV"],
        revision=True,
    )
    ArticlePageFactory(
        parent=article_index,
        title="In ethics by Ben",
        section=ethics,
        authors=[ben],
        tags=["consent"],
        revision=True,
    )
    ArticlePageFactory(
        parent=article_index,
        title="Both authors",
        section=ethics,
        authors=[ana, ben],
        tags=["AAV", "consent"],
        revision=True,
    )

    def titles(url):
        feed = fetch_feed(url)
        assert not feed.bozo, feed.get("bozo_exception")
        return sorted(entry.title for entry in feed.entries)

    assert titles(f"/feeds/sections/advances.{fmt}") == ["In advances by Ana"]
    assert titles(f"/feeds/sections/ethics.{fmt}") == ["Both authors", "In ethics by Ben"]
    assert titles(f"/feeds/tags/aav.{fmt}") == ["Both authors", "In advances by Ana"]
    assert titles(f"/feeds/authors/ben-ito.{fmt}") == ["Both authors", "In ethics by Ben"]
    assert fetch_feed(f"/feeds/authors/ana-ruiz.{fmt}").feed.title == (
        "Helix: Articles by Ana Ruiz"
    )
    assert fetch_feed(f"/feeds/tags/consent.{fmt}").feed.link == "http://testserver/tags/consent/"
    assert fetch_feed(f"/feeds/authors/ben-ito.{fmt}").feed.link == (
        "http://testserver/authors/ben-ito/"
    )


def test_an_existing_section_without_articles_is_an_empty_feed(fetch_feed):
    SectionFactory(name="Regulation", description="Approvals and rules.")
    feed = fetch_feed("/feeds/sections/regulation.rss")
    assert not feed.bozo
    assert feed.entries == []
    assert feed.feed.description == "Approvals and rules."


@pytest.mark.parametrize("fmt", FORMATS)
def test_guid_survives_title_and_slug_change(fetch_feed, article, fmt):
    before = fetch_feed(f"/feeds/articles.{fmt}").entries[0]
    article.title = "Base editing: one year on"
    article.slug = "base-editing-one-year"
    article.save_revision().publish()
    after = fetch_feed(f"/feeds/articles.{fmt}").entries[0]
    assert after.title == "Base editing: one year on"
    assert after.link == "http://testserver/articles/base-editing-one-year/"
    assert after.id == before.id == f"tag:testserver,2026:page-{article.pk}"


def test_the_three_formats_agree_on_ids(fetch_feed, article):
    rss, atom = fetch_feed("/feeds/articles.rss"), fetch_feed("/feeds/articles.atom")
    json_feed = fetch_feed("/feeds/articles.json")
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
    assert [e.id for e in json_feed.entries] == [e.id for e in atom.entries]
    assert atom.feed.id == "tag:testserver,2026:feed/feeds/articles"
    assert rss.response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert atom.response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert json_feed.response["Content-Type"] == "application/feed+json"
