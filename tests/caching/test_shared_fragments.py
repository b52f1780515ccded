"""What every page shares (the menu, view restrictions, the site) is cached, never stale.

Each case runs with the anonymous page cache off (the menu and restrictions
come from their own cache) and on (the page itself is cached too).
"""

import contextvars

import feedparser
import pytest

from taggit.models import Tag
from wagtail.models import PageViewRestriction

from articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    AuthorFactory,
    SectionFactory,
)
from caching import fragments
from caching.stamps import changed
from sources.models import Source
from therapies.factories import TherapyIndexPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return ArticleIndexPageFactory(parent=home, title="Articles", show_in_menus=True)


def menu(client, parse, url="/") -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [link.get_text(strip=True) for link in parse(response).select("nav.main-nav a")]


def test_a_page_published_under_the_home_page_joins_the_menu(page_cache, client, parse, index):
    article = ArticlePageFactory(parent=index)
    assert menu(client, parse) == ["Articles", "Sources"]
    assert menu(client, parse, article.url) == ["Articles", "Sources"]

    therapies = TherapyIndexPageFactory(
        parent=index.get_parent(), title="Therapies", show_in_menus=True, live=False
    )
    assert menu(client, parse) == ["Articles", "Sources"]
    therapies.save_revision().publish()
    assert menu(client, parse) == ["Articles", "Therapies", "Sources"]
    assert menu(client, parse, article.url) == ["Articles", "Therapies", "Sources"]


def test_renaming_or_unpublishing_a_menu_page_updates_the_menu(page_cache, client, parse, index):
    assert menu(client, parse) == ["Articles", "Sources"]
    index.title = "Stories"
    index.save_revision().publish()
    assert menu(client, parse) == ["Stories", "Sources"]
    index.unpublish()
    assert menu(client, parse) == ["Sources"]


def test_a_restricted_section_leaves_the_menu_and_comes_back(page_cache, client, parse, index):
    assert menu(client, parse) == ["Articles", "Sources"]
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    assert menu(client, parse) == ["Sources"]
    restriction.delete()
    assert menu(client, parse) == ["Articles", "Sources"]


def test_a_restricted_article_leaves_the_listing(page_cache, client, parse, index):
    article = ArticlePageFactory(parent=index, title="Members only")

    def titles() -> list[str]:
        soup = parse(client.get(index.url))
        return [link.get_text(strip=True) for link in soup.select(".article-card__title a")]

    assert "Members only" in titles()
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert "Members only" not in titles()


def test_a_fragment_is_reused_until_one_of_its_keys_changes(db):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert fragments.cached("sample", compute, ["obj:sample:1"]) == 1
    assert fragments.cached("sample", compute, ["obj:sample:1"]) == 1
    changed("obj:other:1")
    assert fragments.cached("sample", compute, ["obj:sample:1"]) == 1
    changed("obj:sample:1")
    assert fragments.cached("sample", compute, ["obj:sample:1"]) == 2


def test_a_fragment_whose_keys_change_while_it_is_computed_is_recomputed(db):
    calls = []

    def compute_while_an_edit_lands():
        calls.append(1)
        if len(calls) == 1:
            # Another process's edit of what it shows, after it read the rows.
            contextvars.Context().run(changed, "obj:shown:1")
        return len(calls)

    keys = ["obj:shown:1"]
    assert fragments.cached("raced", compute_while_an_edit_lands, keys) == 1
    assert fragments.cached("raced", compute_while_an_edit_lands, keys) == 2  # recomputed
    assert fragments.cached("raced", compute_while_an_edit_lands, keys) == 2  # now kept


def test_cards_follow_their_author_section_and_tags(page_cache, client, parse, index):
    author = AuthorFactory(name="Ada Byline")
    section = SectionFactory(name="Trials")
    ArticlePageFactory(
        parent=index, title="Carded", authors=[author], section=section, tags=["aav"]
    )

    def card_text() -> str:
        return parse(client.get(index.url)).select_one(".article-card").get_text(" ", strip=True)

    assert "Ada Byline" in card_text()
    author.name = "Ada Renamed"
    author.save()
    section.name = "Clinical trials"
    section.save()
    tag = Tag.objects.get(name="aav")
    tag.name = "AAV vectors"
    tag.save()
    text = card_text()
    assert "Ada Renamed" in text
    assert "Clinical trials" in text
    assert "AAV vectors" in text


def test_a_new_article_shifts_every_page_of_the_listing(page_cache, client, parse, index):
    for number in range(13):  # one more than a page
        ArticlePageFactory(parent=index, title=f"Article {number:02d}")

    def titles(url: str) -> list[str]:
        soup = parse(client.get(url))
        return [link.get_text(strip=True) for link in soup.select(".article-card__title a")]

    first_page, second_page = titles(index.url), titles(index.url + "?page=2")
    assert len(first_page) == 12
    assert len(second_page) == 1
    ArticlePageFactory(parent=index, title="Newest article")
    assert titles(index.url)[0] == "Newest article"
    assert titles(index.url + "?page=2") == [first_page[-1], *second_page]


def test_a_feed_item_follows_the_sources_it_cites(page_cache, client, index):
    source = Source.objects.create(title="Original trial report", year=2021)
    ArticlePageFactory(
        parent=index,
        body=[("key_figure", {"number": "9", "label": "In nine", "citation": source})],
    )

    def content() -> str:
        feed = feedparser.parse(client.get("/feeds/articles.rss").content)
        return feed.entries[0].content[0].value

    assert "Original trial report" in content()
    source.title = "Corrected trial report"
    source.save()
    assert "Corrected trial report" in content()


def test_a_feed_item_follows_its_article(page_cache, client, index):
    article = ArticlePageFactory(
        parent=index, body=[("paragraph", "<p>First wording of the finding.</p>")]
    )

    def content() -> str:
        feed = feedparser.parse(client.get("/feeds/articles.rss").content)
        return feed.entries[0].content[0].value

    assert "First wording" in content()
    article.body = [("paragraph", "<p>Second wording of the finding.</p>")]
    article.save_revision().publish()
    assert "Second wording" in content()
    assert "First wording" not in content()
