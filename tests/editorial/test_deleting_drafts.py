"""A draft is its writer's to delete: colleagues may edit it, only its owner or an administrator
deletes it, through the delete view, the bulk action or the buttons that lead there."""

import pytest

from django.urls import reverse

from wagtail.models import Page, get_page_models

from articles.models import ArticlePage
from editorial import roles
from editorial.factories import UserFactory
from helix.page_permissions import OwnDraftsMixin
from tests.editorial.helpers import article_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(db):
    return UserFactory(username="colleague", groups=[roles.EDITORS])


@pytest.fixture
def draft(client, users, article_index):
    """Written in the admin by the editor, who is therefore its owner."""
    client.force_login(users["editor"])
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", article_index.pk])
    client.post(url, article_form_data(title="Unfinished piece", slug="unfinished"))
    client.logout()
    return ArticlePage.objects.get(slug="unfinished")


def delete(client, page):
    return client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))


def exists(page) -> bool:
    return Page.objects.filter(pk=page.pk).exists()


def delete_links(client, page, parse) -> list:
    """Links to the page's delete view in the section's listing and in the page editor."""
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    listing = parse(client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])))
    editor = parse(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    return listing.select(f'a[href^="{url}"]') + editor.select(f'a[href^="{url}"]')


@pytest.mark.parametrize("role", ["colleague", "reviewer"])
def test_colleagues_who_may_edit_a_draft_may_not_delete_it(
    client, users, colleague, draft, parse, role
):
    person = colleague if role == "colleague" else users[role]
    client.force_login(person)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert editor.status_code == 200, "they may still edit it"
    assert delete_links(client, draft, parse) == []

    assert client.get(reverse("wagtailadmin_pages:delete", args=[draft.pk])).status_code != 200
    delete(client, draft)
    assert exists(draft)


def test_the_bulk_delete_action_refuses_a_colleagues_draft(client, colleague, draft):
    client.force_login(colleague)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    client.post(f"{url}?id={draft.pk}")
    assert exists(draft)


def test_the_owner_deletes_their_draft(client, users, draft, parse):
    client.force_login(users["editor"])
    assert delete_links(client, draft, parse) != []
    delete(client, draft)
    assert not exists(draft)


@pytest.mark.parametrize("role", ["administrator", "superuser"])
def test_administrators_delete_anyones_draft(client, users, draft, role):
    client.force_login(users[role])
    delete(client, draft)
    assert not exists(draft)


def test_an_owner_still_may_not_delete_a_published_page(client, users, draft):
    """Wagtail's own rule stays: deleting what readers see takes publishing rights."""
    draft.save_revision().publish()
    client.force_login(users["editor"])
    delete(client, draft)
    assert exists(draft)


def test_every_page_type_keeps_drafts_to_their_owners():
    """A page type without the mixin would fall back to Wagtail's rule, unnoticed."""
    missing = [
        model.__name__
        for model in get_page_models()
        if model is not Page and not issubclass(model, OwnDraftsMixin)
    ]
    assert missing == []
