"""Articles about a therapy: chosen as related, or linked from the body; never drafts."""

from datetime import UTC, datetime

import pytest

from therapies.factories import ConditionFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db


def articles_section_titles(client, page_url, parse):
    soup = parse(client.get(page_url))
    section = soup.find(id="articles-about").find_parent("section")
    return [a.get_text() for a in section.find_all("a")]


def test_article_that_chose_the_therapy_is_listed(client, therapy_index, make_article, parse):
    therapy = TherapyPageFactory(parent=therapy_index)
    other = TherapyPageFactory(parent=therapy_index)
    article = make_article("Chosen as related", chose=[therapy])
    assert list(therapy.articles_about()) == [article]
    assert list(other.articles_about()) == []
    assert articles_section_titles(client, therapy.url, parse) == ["Chosen as related"]


def test_article_whose_body_links_to_the_therapy_is_listed(
    client, therapy_index, make_article, parse
):
    therapy = TherapyPageFactory(parent=therapy_index)
    article = make_article("Links in its body", links=[therapy])
    assert list(therapy.articles_about()) == [article]
    assert articles_section_titles(client, therapy.url, parse) == ["Links in its body"]


def test_body_link_removed_drops_the_article(therapy_index, make_article):
    therapy = TherapyPageFactory(parent=therapy_index)
    article = make_article(links=[therapy])
    article.body = [("paragraph", "<p>No link any more.</p>")]
    article.save()
    assert list(therapy.articles_about()) == []


def test_both_mechanisms_newest_first_without_duplicates(therapy_index, make_article):
    therapy = TherapyPageFactory(parent=therapy_index)
    old = make_article("Old", chose=[therapy], first_published=datetime(2023, 1, 1, tzinfo=UTC))
    both = make_article(
        "Both", chose=[therapy], links=[therapy], first_published=datetime(2025, 3, 14, tzinfo=UTC)
    )
    middle = make_article("Body", links=[therapy], first_published=datetime(2024, 6, 1, tzinfo=UTC))
    assert list(therapy.articles_about()) == [both, middle, old]


def test_drafts_and_private_articles_are_never_listed(client, therapy_index, make_article, parse):
    therapy = TherapyPageFactory(parent=therapy_index)
    make_article("Draft chooser", chose=[therapy], live=False)
    make_article("Draft linker", links=[therapy], live=False)
    make_article("Private chooser", chose=[therapy], private=True)
    make_article("Private linker", links=[therapy], private=True)
    public = make_article("Public", chose=[therapy])
    assert list(therapy.articles_about()) == [public]
    assert articles_section_titles(client, therapy.url, parse) == ["Public"]


def test_condition_page_lists_articles_about_its_therapies(
    client, therapy_index, make_article, parse
):
    condition = ConditionFactory(name="Haemophilia", slug="haemophilia")
    therapy = TherapyPageFactory(parent=therapy_index, conditions=[condition])
    unrelated = TherapyPageFactory(parent=therapy_index)
    draft_therapy = TherapyPageFactory(parent=therapy_index, conditions=[condition], live=False)
    chose = make_article(
        "Chose it", chose=[therapy], first_published=datetime(2024, 1, 1, tzinfo=UTC)
    )
    make_article("Links it", links=[therapy], first_published=datetime(2025, 1, 1, tzinfo=UTC))
    make_article("About something else", chose=[unrelated])
    make_article("About a draft therapy", chose=[draft_therapy])
    make_article("Private", chose=[therapy], private=True)
    assert [a.title for a in condition.articles_about()] == ["Links it", "Chose it"]
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


def test_article_to_therapies_through_both_mechanisms(therapy_index, make_article):
    """The reverse direction, for the article page: what the article chose or links to."""
    from therapies.models import TherapyPage

    chosen = TherapyPageFactory(parent=therapy_index, title="B chosen")
    linked = TherapyPageFactory(parent=therapy_index, title="A linked")
    both = TherapyPageFactory(parent=therapy_index, title="C both")
    TherapyPageFactory(parent=therapy_index, title="Unrelated")
    draft = TherapyPageFactory(parent=therapy_index, title="Draft", live=False)
    article = make_article(chose=[chosen, both, draft], links=[linked, both, draft])
    therapies = TherapyPage.objects.published().linked_from(article).for_listing()
    assert [t.title for t in therapies] == ["A linked", "B chosen", "C both"]
