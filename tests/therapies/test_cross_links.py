"""Articles about a therapy: chosen as related, or linked from the body; never drafts."""

from datetime import UTC, datetime

import pytest

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage
from articles.queries import therapies_linked_from
from tests.therapies.conftest import linking_to, password_protect
from therapies.factories import ConditionFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db


def articles_about(*therapies) -> list[ArticlePage]:
    return list(ArticlePage.objects.published().about_therapies([t.pk for t in therapies]))


def articles_section_titles(client, page_url, parse):
    soup = parse(client.get(page_url))
    section = soup.find(id="articles-about").find_parent("section")
    return [a.get_text() for a in section.find_all("a")]


def test_article_that_chose_the_therapy_is_listed(client, therapy_index, article_index, parse):
    therapy = TherapyPageFactory(parent=therapy_index)
    other = TherapyPageFactory(parent=therapy_index)
    article = ArticlePageFactory(
        parent=article_index, title="Chosen as related", therapies=[therapy]
    )
    assert articles_about(therapy) == [article]
    assert articles_about(other) == []
    assert articles_section_titles(client, therapy.url, parse) == ["Chosen as related"]


def test_article_whose_body_links_to_the_therapy_is_listed(
    client, therapy_index, article_index, parse
):
    therapy = TherapyPageFactory(parent=therapy_index)
    article = ArticlePageFactory(
        parent=article_index, title="Links in its body", body=linking_to(therapy)
    )
    assert articles_about(therapy) == [article]
    assert articles_section_titles(client, therapy.url, parse) == ["Links in its body"]


def test_body_link_removed_drops_the_article(therapy_index, article_index):
    therapy = TherapyPageFactory(parent=therapy_index)
    article = ArticlePageFactory(parent=article_index, body=linking_to(therapy))
    article.body = [("paragraph", "<p>No link any more.</p>")]
    article.save()
    assert articles_about(therapy) == []


def test_both_mechanisms_newest_first_without_duplicates(therapy_index, article_index):
    therapy = TherapyPageFactory(parent=therapy_index)
    old = ArticlePageFactory(
        parent=article_index,
        title="Old",
        therapies=[therapy],
        first_published=datetime(2023, 1, 1, tzinfo=UTC),
    )
    both = ArticlePageFactory(
        parent=article_index,
        title="Both",
        therapies=[therapy],
        body=linking_to(therapy),
        first_published=datetime(2025, 3, 14, tzinfo=UTC),
    )
    middle = ArticlePageFactory(
        parent=article_index,
        title="Body",
        body=linking_to(therapy),
        first_published=datetime(2024, 6, 1, tzinfo=UTC),
    )
    assert articles_about(therapy) == [both, middle, old]


def test_drafts_and_private_articles_are_never_listed(client, therapy_index, article_index, parse):
    therapy = TherapyPageFactory(parent=therapy_index)
    ArticlePageFactory(parent=article_index, title="Draft chooser", therapies=[therapy], live=False)
    ArticlePageFactory(
        parent=article_index, title="Draft linker", body=linking_to(therapy), live=False
    )
    password_protect(
        ArticlePageFactory(parent=article_index, title="Private chooser", therapies=[therapy])
    )
    password_protect(
        ArticlePageFactory(parent=article_index, title="Private linker", body=linking_to(therapy))
    )
    public = ArticlePageFactory(parent=article_index, title="Public", therapies=[therapy])
    assert articles_about(therapy) == [public]
    assert articles_section_titles(client, therapy.url, parse) == ["Public"]


def test_condition_page_lists_articles_about_its_therapies(
    client, therapy_index, article_index, parse
):
    condition = ConditionFactory(name="Haemophilia", slug="haemophilia")
    therapy = TherapyPageFactory(parent=therapy_index, conditions=[condition])
    unrelated = TherapyPageFactory(parent=therapy_index)
    draft_therapy = TherapyPageFactory(parent=therapy_index, conditions=[condition], live=False)
    chose = ArticlePageFactory(
        parent=article_index,
        title="Chose it",
        therapies=[therapy],
        first_published=datetime(2024, 1, 1, tzinfo=UTC),
    )
    ArticlePageFactory(
        parent=article_index,
        title="Links it",
        body=linking_to(therapy),
        first_published=datetime(2025, 1, 1, tzinfo=UTC),
    )
    ArticlePageFactory(parent=article_index, title="About something else", therapies=[unrelated])
    ArticlePageFactory(
        parent=article_index, title="About a draft therapy", therapies=[draft_therapy]
    )
    password_protect(ArticlePageFactory(parent=article_index, title="Private", therapies=[therapy]))
    about = ArticlePage.objects.published().about_therapies(
        condition.published_therapies().values("pk")
    )
    assert [a.title for a in about] == ["Links it", "Chose it"]
    titles = articles_section_titles(client, condition.get_absolute_url(), parse)
    assert titles == ["Links it", chose.title]


def test_profile_links_to_condition_and_condition_links_back(client, therapy_index, parse):
    condition = ConditionFactory(name="Duchenne muscular dystrophy", slug="duchenne")
    therapy = TherapyPageFactory(
        parent=therapy_index, title="Duchenne gene therapy", conditions=[condition]
    )
    profile = parse(client.get(therapy.url))
    assert profile.find("a", href="/conditions/duchenne/") is not None
    condition_page = parse(client.get("/conditions/duchenne/"))
    assert condition_page.find("a", href=therapy.url).get_text() == "Duchenne gene therapy"


def test_article_to_therapies_through_both_mechanisms(therapy_index, article_index):
    """The reverse direction, for the article page: what the article chose or links to."""
    from therapies.models import TherapyPage

    chosen = TherapyPageFactory(parent=therapy_index, title="B chosen")
    linked = TherapyPageFactory(parent=therapy_index, title="A linked")
    both = TherapyPageFactory(parent=therapy_index, title="C both")
    TherapyPageFactory(parent=therapy_index, title="Unrelated")
    draft = TherapyPageFactory(parent=therapy_index, title="Draft", live=False)
    article = ArticlePageFactory(
        parent=article_index, therapies=[chosen, both, draft], body=linking_to(linked, both, draft)
    )
    therapies = therapies_linked_from(article, TherapyPage.objects.published()).for_listing()
    assert [t.title for t in therapies] == ["A linked", "B chosen", "C both"]
