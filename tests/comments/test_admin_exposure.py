"""Reader comments are seen in the admin by comment moderators and administrators only.

Every admin view of the comments area and of the comment chooser (Wagtail's
snippet chooser asks for no permission of its own), and the page views that
list what refers to a page, are opened as each role: a pending or spam comment
(its text, its author, their e-mail) appears only to those who moderate.
"""

import pytest

from django.urls import reverse

from comments import actions
from comments.factories import CommentFactory
from comments.models import Comment, Status
from editorial import roles
from editorial.factories import UserFactory

pytestmark = pytest.mark.django_db

BODY = "Is the giraffe protocol safe for children?"
NAME = "Lucía Marín"
EMAIL = "lucia.marin@example.org"
SEEN_BY = {"moderator", "administrator", "superuser"}


@pytest.fixture
def person(request, db):
    role = request.param
    if role == "superuser":
        return role, UserFactory(username=role, is_superuser=True)
    group = {
        "editor": roles.EDITORS,
        "reviewer": roles.MEDICAL_REVIEWERS,
        "administrator": roles.ADMINISTRATORS,
        "moderator": roles.COMMENT_MODERATORS,
    }[role]
    return role, UserFactory(username=role, groups=[group])


@pytest.fixture
def comment(article, moderator_user):
    held = CommentFactory(page=article, status=Status.PENDING, body=BODY, name=NAME, email=EMAIL)
    actions.apply("spam", [held], moderator_user)  # leaves an entry in the site history too
    return Comment.objects.get(pk=held.pk)


@pytest.fixture
def moderator_user(db):
    return UserFactory(username="on-duty", groups=[roles.COMMENT_MODERATORS])


def viewset_urls(viewset, pk: int) -> list[str]:
    """Every URL a viewset serves, for the one comment where a URL takes an ID."""
    return [
        reverse(
            viewset.get_url_name(pattern.name), args=[pk] if "<" in str(pattern.pattern) else []
        )
        for pattern in viewset.get_urlpatterns()
        if pattern.name
    ]


def shows_the_comment(response) -> bool:
    content = response.content.decode()
    return any(secret in content for secret in (BODY, NAME, EMAIL))


ROLES = ["editor", "reviewer", "administrator", "moderator", "superuser"]


@pytest.mark.parametrize("person", ROLES, indirect=True)
def test_the_comment_chooser_answers_moderators_only(client, person, comment):
    role, user = person
    client.force_login(user)
    chooser = Comment.snippet_viewset.chooser_viewset
    results = client.get(reverse(chooser.get_url_name("choose_results")), {"q": "giraffe"})
    chosen = client.get(reverse(chooser.get_url_name("chosen"), args=[comment.pk]))
    if role in SEEN_BY:
        assert results.status_code == 200 and shows_the_comment(results)
        assert chosen.status_code == 200 and BODY[:20] in chosen.content.decode()
    else:
        assert results.status_code in {302, 403} and not shows_the_comment(results)
        assert chosen.status_code in {302, 403} and not shows_the_comment(chosen)


@pytest.mark.parametrize("person", ["editor", "reviewer"], indirect=True)
def test_no_admin_view_shows_a_reader_comment_to_writers(client, person, comment, article):
    _role, user = person
    client.force_login(user)
    urls = [
        *viewset_urls(Comment.snippet_viewset, comment.pk),
        *viewset_urls(Comment.snippet_viewset.chooser_viewset, comment.pk),
        reverse("wagtailadmin_pages:usage", args=[article.pk]),
        reverse("wagtailadmin_pages:history", args=[article.pk]),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:site_history_results"),
        reverse("wagtailadmin_home"),
    ]
    assert len(urls) > 15
    shown = [url for url in urls if shows_the_comment(client.get(url))]
    assert shown == []


def test_the_sweep_would_notice_a_comment(client, comment, article):
    """The same views, as a superuser, do show it: the sweep above can fail."""
    client.force_login(UserFactory(username="root", is_superuser=True))
    urls = viewset_urls(Comment.snippet_viewset.chooser_viewset, comment.pk)
    urls.append(reverse("wagtailadmin_pages:usage", args=[article.pk]))
    assert [url for url in urls if shows_the_comment(client.get(url))] != []
