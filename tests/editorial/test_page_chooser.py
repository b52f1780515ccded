"""The admin's page chooser shows the pages a person works on, and what readers may see.

A Comment moderator holds no page permission: the chooser's search, browsing
and "chosen" answers must not name a draft or a private page to them.
"""

import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import GroupPagePermission, PageViewRestriction

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from editorial.factories import UserFactory

pytestmark = pytest.mark.django_db

LIVE, DRAFT, PRIVATE = "Zebra live", "Zebra draft", "Zebra private"


@pytest.fixture
def pages(article_index):
    live = ArticlePageFactory(parent=article_index, title=LIVE, revision=True)
    draft = ArticlePageFactory(parent=article_index, title=DRAFT, live=False, revision=True)
    private = ArticlePageFactory(parent=article_index, title=PRIVATE, revision=True)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return {LIVE: live, DRAFT: draft, PRIVATE: private}


def titles(response, parse) -> set[str]:
    text = parse(response.json()["html"] if "json" in response["Content-Type"] else response)
    return {title for title in (LIVE, DRAFT, PRIVATE) if title in text.get_text(" ")}


def search(client, parse) -> set[str]:
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "zebra"})
    assert response.status_code == 200
    return titles(response, parse)


def browse(client, parent, parse) -> set[str]:
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[parent.pk]))
    assert response.status_code == 200
    return titles(response, parse)


def chosen(client, *pages):
    url = reverse("wagtailadmin_choose_page_chosen_multiple")
    return client.get(url, {"id": [page.pk for page in pages]})


def test_a_comment_moderator_finds_only_what_readers_see(
    client, users, pages, article_index, parse
):
    client.force_login(users["moderator"])
    assert search(client, parse) == {LIVE}
    assert browse(client, article_index, parse) == {LIVE}


def test_a_comment_moderator_gets_no_answer_for_a_draft_or_private_id(client, users, pages):
    client.force_login(users["moderator"])
    for hidden in (pages[DRAFT], pages[PRIVATE]):
        assert chosen(client, hidden).status_code == 404
        assert chosen(client, pages[LIVE], hidden).status_code == 404
        browse_url = reverse("wagtailadmin_choose_page_child", args=[hidden.pk])
        response = client.get(browse_url)
        assert response.status_code == 404
        assert hidden.title.encode() not in response.content
    response = chosen(client, pages[LIVE])
    assert response.status_code == 200 and LIVE.encode() in response.content
    assert chosen(client).status_code == 200  # nothing asked, nothing named
    assert (
        client.get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": "x"}).status_code
        == 404
    )


@pytest.mark.parametrize("role", ["editor", "reviewer", "administrator", "superuser"])
def test_writers_find_drafts_and_private_pages_they_work_on(
    client, users, pages, article_index, parse, role
):
    client.force_login(users[role])
    assert search(client, parse) == {LIVE, DRAFT, PRIVATE}
    assert browse(client, article_index, parse) == {LIVE, DRAFT, PRIVATE}
    assert chosen(client, pages[DRAFT], pages[PRIVATE]).status_code == 200


def test_a_section_editor_finds_drafts_in_their_section_only(client, home, pages, parse):
    """Permission on one section: its drafts, and elsewhere only what readers see."""
    section = ArticleIndexPageFactory(parent=home, title="Opinion", slug="opinion", revision=True)
    own_draft = ArticlePageFactory(parent=section, title="Zebra opinion", live=False, revision=True)
    group = Group.objects.create(name="Opinion editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=section, permission=Permission.objects.get(codename="change_page")
    )
    client.force_login(UserFactory(groups=[group.name]))

    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "zebra"})
    text = parse(response).get_text(" ")
    assert "Zebra opinion" in text and LIVE in text
    assert DRAFT not in text and PRIVATE not in text
    assert chosen(client, own_draft).status_code == 200
    assert chosen(client, pages[DRAFT]).status_code == 404
