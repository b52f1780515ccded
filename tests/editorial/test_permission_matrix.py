"""Who can do what: every role against every admin and public action, through the views.

``EXPECTED`` is the table (action -> roles that succeed); ``ACTIONS`` holds how
each action is attempted and how success is observed (the effect, not only a
status code). One test per action: exactly the listed roles succeed. Each
action runs once per role inside a rolled-back transaction, so every role
starts from the same pages. To add a row: write an ``@action("name")``
function returning whether it succeeded, and add the row to ``EXPECTED``.

The roles are every group in the database (a test fails when a migration adds
one the table does not cover), a superuser, a user in no group and a visitor.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from wagtail.models import Page, PageViewRestriction, Site, Workflow
from wagtail.snippets.models import get_snippet_models

from articles.factories import ArticlePageFactory, AuthorFactory
from articles.models import ArticlePage
from comments.models import Comment, Status
from editorial import roles
from editorial.factories import UserFactory
from sources.models import Source
from tests.editorial.helpers import ROLE_GROUPS, article_form_data, unchanged_form_data

pytestmark = pytest.mark.django_db

EDITOR, REVIEWER, ADMINISTRATOR = "editor", "reviewer", "administrator"
MODERATOR, SUPERUSER, PLAIN, ANONYMOUS = "moderator", "superuser", "plain", "anonymous"
ROLES = (EDITOR, REVIEWER, ADMINISTRATOR, MODERATOR, SUPERUSER, PLAIN, ANONYMOUS)
ADMINS = {ADMINISTRATOR, SUPERUSER}
WRITERS = {EDITOR, REVIEWER} | ADMINS
MODERATORS = {MODERATOR} | ADMINS
EVERYONE = set(ROLES)
NOBODY: set[str] = set()

EXPECTED: dict[str, set[str]] = {
    # Admin: pages
    "open the admin": WRITERS | {MODERATOR},
    "create article": WRITERS,
    "edit draft": WRITERS,
    "submit for review": WRITERS,
    # Medical review: a second person approves (a superuser may approve alone, logged).
    "approve review": {REVIEWER, SUPERUSER},
    "approve review from the editor": {REVIEWER, SUPERUSER},
    "approve own submission": {SUPERUSER},
    "approve after editing the draft": {SUPERUSER},
    "approve while editing in the same form": {SUPERUSER},
    "request changes": {REVIEWER, SUPERUSER},
    "publish directly": ADMINS,
    "unpublish": ADMINS,
    "delete live article": ADMINS,
    # The draft was written by another editor; a writer deletes only their own.
    "delete draft article": ADMINS,
    "delete own draft": WRITERS,
    "preview": WRITERS,
    "history": WRITERS,
    "revision compare": WRITERS,
    "copy": WRITERS,
    "lock": ADMINS,
    # The page chooser lists what a person works on, and what readers may see.
    "page chooser finds a live page": WRITERS | {MODERATOR},
    "page chooser finds a draft": WRITERS,
    "page chooser finds a private page": WRITERS,
    "page chooser names a draft by its ID": WRITERS,
    # Admin: reports, media, settings
    "reviews due report": WRITERS,
    "add image": WRITERS,
    "add document": WRITERS,
    "site settings": ADMINS,
    "comment settings": ADMINS,
    "reference settings": ADMINS,
    "manage users": ADMINS,
    "manage groups": ADMINS,
    "manage workflows": ADMINS,
    "reviewer bylines": ADMINS,
    # Admin: snippets (skipped while the owning app has not registered the snippet)
    "add source": WRITERS,
    "edit source": WRITERS,
    "delete source": ADMINS,
    "add author": WRITERS,
    "edit author": WRITERS,
    "delete author": ADMINS,
    "add section": WRITERS,
    "edit section": WRITERS,
    "delete section": ADMINS,
    "add condition": WRITERS,
    "edit condition": WRITERS,
    "delete condition": ADMINS,
    # Admin: reader comments and the reference library's import
    "moderate comments": MODERATORS,
    "reply to comment": MODERATORS,
    "comment chooser lists reader comments": MODERATORS,
    "comment chooser names a comment by its ID": MODERATORS,
    "import sources": WRITERS,
    # Public site
    "read live article": EVERYONE,
    "read draft article": NOBODY,
}


@dataclass
class World:
    """What every action works on: a section with a live and a draft article.

    The draft was written by ``editor``, another person than the role trying.
    """

    client: object
    index: Page
    live: ArticlePage
    draft: ArticlePage
    editor: object
    user: object = None


ACTIONS: dict[str, Callable[[World], bool]] = {}


def action(name: str):
    def register(function):
        ACTIONS[name] = function
        return function

    return register


def get_ok(world: World, url: str) -> bool:
    return world.client.get(url).status_code == 200


def reload(page: Page) -> ArticlePage | None:
    return ArticlePage.objects.filter(pk=page.pk).first()


def in_review(world: World) -> ArticlePage:
    """The draft, submitted for medical review by an editor."""
    Workflow.objects.get(name=roles.MEDICAL_REVIEW_WORKFLOW).start(world.draft, world.editor)
    return reload(world.draft)


def workflow_action(world: World, name: str) -> ArticlePage:
    page = in_review(world)
    state = page.current_workflow_task_state
    world.client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, name, state.pk]),
        {"comment": ""},
    )
    return reload(page)


@action("open the admin")
def open_admin(world):
    return get_ok(world, reverse("wagtailadmin_home"))


@action("create article")
def create_article(world):
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", world.index.pk])
    world.client.post(url, article_form_data(slug="new-article"))
    return ArticlePage.objects.filter(slug="new-article").exists()


@action("edit draft")
def edit_draft(world):
    url = reverse("wagtailadmin_pages:edit", args=[world.draft.pk])
    world.client.post(url, article_form_data(world.draft, title="Edited title"))
    return reload(world.draft).get_latest_revision().as_object().title == "Edited title"


@action("submit for review")
def submit_for_review(world):
    url = reverse("wagtailadmin_pages:edit", args=[world.draft.pk])
    world.client.post(url, article_form_data(world.draft, **{"action-submit": "Submit"}))
    return reload(world.draft).workflow_in_progress


@action("approve review")
def approve_review(world):
    return workflow_action(world, "approve").live


def approve_from_the_editor(world: World, page: ArticlePage, **changes) -> bool:
    """Choose "Approve" in the page editor's menu, as the role; ``changes`` edit the form."""
    data = unchanged_form_data(page, **changes)
    data |= {"action-workflow-action": "true", "workflow-action-name": "approve"}
    world.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    return reload(page).live


@action("approve review from the editor")
def approve_review_from_the_editor(world):
    return approve_from_the_editor(world, in_review(world))


@action("approve own submission")
def approve_own_submission(world):
    """The role submits the draft, then approves it (the approve URL)."""
    url = reverse("wagtailadmin_pages:edit", args=[world.draft.pk])
    world.client.post(url, unchanged_form_data(world.draft, **{"action-submit": "Submit"}))
    page = reload(world.draft)
    state = page.current_workflow_task_state
    if state is None:
        return False
    world.client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]),
        {"comment": ""},
    )
    return reload(page).live


@action("approve after editing the draft")
def approve_after_editing(world):
    """The editor submitted; the role saves an edit to the draft, then approves."""
    page = in_review(world)
    edited = page.get_latest_revision_as_object()
    edited.standfirst = "Edited by the role during review."
    edited.save_revision(user=world.user)
    page = reload(page)
    state = page.current_workflow_task_state
    world.client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]),
        {"comment": ""},
    )
    return reload(page).live


@action("approve while editing in the same form")
def approve_while_editing(world):
    return approve_from_the_editor(world, in_review(world), standfirst="Changed while approving.")


@action("request changes")
def request_changes(world):
    page = workflow_action(world, "reject")
    return page.current_workflow_state.status == "needs_changes"


@action("publish directly")
def publish_directly(world):
    url = reverse("wagtailadmin_pages:edit", args=[world.draft.pk])
    world.client.post(url, article_form_data(world.draft, **{"action-publish": "Publish"}))
    return reload(world.draft).live


@action("unpublish")
def unpublish(world):
    world.client.post(reverse("wagtailadmin_pages:unpublish", args=[world.live.pk]))
    return not reload(world.live).live


@action("delete live article")
def delete_live(world):
    world.client.post(reverse("wagtailadmin_pages:delete", args=[world.live.pk]))
    return reload(world.live) is None


@action("delete draft article")
def delete_draft(world):
    world.client.post(reverse("wagtailadmin_pages:delete", args=[world.draft.pk]))
    return reload(world.draft) is None


@action("delete own draft")
def delete_own_draft(world):
    """The role creates a draft in the admin (which makes them its owner), then deletes it."""
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", world.index.pk])
    world.client.post(url, article_form_data(slug="my-draft"))
    draft = ArticlePage.objects.filter(slug="my-draft").first()
    if draft is None:
        return False
    world.client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
    return reload(draft) is None


@action("preview")
def preview(world):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[world.draft.pk])
    response = world.client.post(url, article_form_data(world.draft))
    return response.status_code == 200 and response.json().get("is_valid") is True


@action("history")
def history(world):
    return get_ok(world, reverse("wagtailadmin_pages:history", args=[world.live.pk]))


@action("revision compare")
def revision_compare(world):
    world.live.save_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=[world.live.pk, "live", "latest"])
    return get_ok(world, url)


@action("copy")
def copy(world):
    world.client.post(
        reverse("wagtailadmin_pages:copy", args=[world.live.pk]),
        {"new_title": "A copy", "new_slug": "a-copy", "new_parent_page": world.index.pk},
    )
    return ArticlePage.objects.filter(slug="a-copy").exists()


@action("lock")
def lock(world):
    world.client.post(reverse("wagtailadmin_pages:lock", args=[world.live.pk]))
    return reload(world.live).locked


def page_chooser_finds(world: World, title: str) -> bool:
    response = world.client.get(reverse("wagtailadmin_choose_page_search"), {"q": "article"})
    return response.status_code == 200 and title.encode() in response.content


@action("page chooser finds a live page")
def page_chooser_finds_live(world):
    return page_chooser_finds(world, world.live.title)


@action("page chooser finds a draft")
def page_chooser_finds_draft(world):
    return page_chooser_finds(world, world.draft.title)


@action("page chooser finds a private page")
def page_chooser_finds_private(world):
    PageViewRestriction.objects.create(page=world.live, restriction_type="login")
    return page_chooser_finds(world, world.live.title)


@action("page chooser names a draft by its ID")
def page_chooser_names_draft(world):
    url = reverse("wagtailadmin_choose_page_chosen_multiple")
    response = world.client.get(url, {"id": world.draft.pk})
    return response.status_code == 200 and world.draft.title.encode() in response.content


@action("reviews due report")
def reviews_due_report(world):
    return get_ok(world, reverse("editorial:reviews_due"))


@action("add image")
def add_image(world):
    return get_ok(world, reverse("wagtailimages:add_multiple"))


@action("add document")
def add_document(world):
    return get_ok(world, reverse("wagtaildocs:add_multiple"))


@action("site settings")
def site_settings(world):
    site = Site.objects.get(is_default_site=True)
    return get_ok(world, reverse("wagtailsettings:edit", args=["helix", "sitesettings", site.pk]))


@action("manage users")
def manage_users(world):
    return get_ok(world, reverse("wagtailusers_users:index"))


@action("manage groups")
def manage_groups(world):
    return get_ok(world, reverse("wagtailusers_groups:index"))


@action("manage workflows")
def manage_workflows(world):
    return get_ok(world, reverse("wagtailadmin_workflows:index"))


@action("reviewer bylines")
def reviewer_bylines(world):
    from editorial.models import ReviewerProfile

    return get_ok(world, reverse(ReviewerProfile.snippet_viewset.get_url_name("add")))


def setting_url(app_label: str, model_name: str) -> str:
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=[app_label, model_name, site.pk])


@action("comment settings")
def comment_settings(world):
    return get_ok(world, setting_url("reader_comments", "commentsettings"))


@action("reference settings")
def reference_settings(world):
    return get_ok(world, setting_url("sources", "referencesettings"))


def reader_comment(world: World, status: str) -> Comment:
    return Comment.objects.create(
        page=world.live, name="Lucía", email="lucia@example.org", body="Is it safe?", status=status
    )


@action("moderate comments")
def moderate_comments(world):
    comment = reader_comment(world, Status.PENDING)
    url = reverse("wagtail_bulk_action", args=["reader_comments", "comment", "approve"])
    world.client.post(f"{url}?id={comment.pk}")
    return Comment.objects.get(pk=comment.pk).status == Status.APPROVED


@action("reply to comment")
def reply_to_comment(world):
    comment = reader_comment(world, Status.APPROVED)
    world.client.post(
        reverse("comment_moderation:reply", args=[comment.pk]), {"body": "Yes, in trials."}
    )
    return comment.replies.filter(is_staff_reply=True).exists()


def comment_chooser_url(name: str, *args) -> str:
    return reverse(Comment.snippet_viewset.chooser_viewset.get_url_name(name), args=args)


@action("comment chooser lists reader comments")
def comment_chooser_lists(world):
    comment = reader_comment(world, Status.PENDING)
    response = world.client.get(comment_chooser_url("choose_results"))
    return response.status_code == 200 and comment.body.encode() in response.content


@action("comment chooser names a comment by its ID")
def comment_chooser_names(world):
    comment = reader_comment(world, Status.SPAM)
    response = world.client.get(comment_chooser_url("chosen", comment.pk))
    return response.status_code == 200 and comment.body.encode() in response.content


@action("import sources")
def import_sources(world):
    """Upload a BibTeX file, then confirm the preview: the source is in the library."""
    url = reverse("sources_admin:import")
    upload = SimpleUploadedFile(
        "refs.bib", b"@article{vidal, title={Imported work}, author={Vidal, Marta}, year={2024}}"
    )
    response = world.client.post(url, {"file": upload})
    if response.status_code == 302:  # to the import's page, where the preview is confirmed
        world.client.post(response["Location"], {"confirm": "1"})
    return Source.objects.filter(title="Imported work").exists()


SNIPPETS = {
    "source": ("sources.Source", {"title": "A trial report", "year": 2024}),
    "author": ("articles.Author", {"name": "Iris Moreno", "slug": "iris-moreno"}),
    "section": ("articles.Section", {"name": "Regulation", "slug": "regulation"}),
    "condition": ("therapies.Condition", {"name": "Haemophilia", "slug": "haemophilia"}),
}


def snippet_model(label: str):
    model = apps.get_model(SNIPPETS[label][0])
    if model not in get_snippet_models():
        pytest.skip(f"{model._meta.label} is not registered as a snippet on this branch yet")
    return model


def snippet_instance(label: str):
    model = snippet_model(label)
    return model.objects.create(**SNIPPETS[label][1])


def register_snippet_actions(label: str) -> None:
    @action(f"add {label}")
    def add(world):
        model = snippet_model(label)
        return get_ok(world, reverse(model.snippet_viewset.get_url_name("add")))

    @action(f"edit {label}")
    def edit(world):
        obj = snippet_instance(label)
        url = reverse(obj.snippet_viewset.get_url_name("edit"), args=[obj.pk])
        return get_ok(world, url)

    @action(f"delete {label}")
    def delete(world):
        obj = snippet_instance(label)
        world.client.post(reverse(obj.snippet_viewset.get_url_name("delete"), args=[obj.pk]))
        return not type(obj).objects.filter(pk=obj.pk).exists()


for _label in SNIPPETS:
    register_snippet_actions(_label)


@action("read live article")
def read_live_article(world):
    response = world.client.get(world.live.url)
    return response.status_code == 200 and world.live.title.encode() in response.content


@action("read draft article")
def read_draft_article(world):
    return world.client.get(world.draft.url).status_code == 200


class Rollback(Exception):
    """Raised to undo one role's attempt, so every role starts from the same world."""


@pytest.fixture
def world_ids(home, article_index):
    live = ArticlePageFactory(
        parent=article_index, title="Live article", authors=[AuthorFactory()], revision=True
    )
    # The draft is another editor's, written in the admin (so they own it).
    editor = UserFactory(username="submitting-editor", groups=[roles.EDITORS])
    client = Client()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", article_index.pk])
    client.post(url, article_form_data(title="Draft article", slug="draft-article"))
    draft = ArticlePage.objects.get(slug="draft-article", owner=editor)
    return {"index": article_index.pk, "live": live.pk, "draft": draft.pk, "editor": editor.pk}


def fresh_world(ids: dict[str, int]) -> World:
    from django.contrib.auth import get_user_model

    return World(
        client=Client(),
        index=Page.objects.get(pk=ids["index"]).specific,
        live=ArticlePage.objects.get(pk=ids["live"]),
        draft=ArticlePage.objects.get(pk=ids["draft"]),
        editor=get_user_model().objects.get(pk=ids["editor"]),
    )


def attempt(name: str, role: str, users: dict, ids: dict[str, int]) -> bool:
    """Try the action as ``role`` inside a transaction that is then rolled back."""
    outcome = None
    try:
        with transaction.atomic():
            world = fresh_world(ids)
            if role != ANONYMOUS:
                world.user = users[role]
                world.client.force_login(world.user)
            outcome = ACTIONS[name](world)
            raise Rollback
    except Rollback:
        pass
    return outcome


def test_table_and_actions_match():
    assert set(EXPECTED) == set(ACTIONS)


def test_every_group_has_a_role_in_the_table():
    """A group a migration adds (or Wagtail's, left behind) fails here until the table covers it."""
    covered = {name for groups in ROLE_GROUPS.values() for name in groups}
    assert set(Group.objects.values_list("name", flat=True)) == covered


@pytest.mark.parametrize("name", list(EXPECTED))
def test_permission_matrix(world_ids, users, name):
    got = {role for role in ROLES if attempt(name, role, users, world_ids)}
    assert got == EXPECTED[name], (
        f"{name!r}: expected exactly {sorted(EXPECTED[name])} to succeed, got {sorted(got)}"
    )
