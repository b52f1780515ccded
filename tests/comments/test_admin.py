"""Moderation in the Wagtail admin: menu, listing, bulk actions, replies, audit log, groups."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import ModelLogEntry

from articles.factories import ArticlePageFactory
from comments.factories import CommentFactory
from comments.models import Comment, Rule, Status

pytestmark = pytest.mark.django_db

LIST_URL = "comment_moderation:list"


def bulk_url(action: str, comments) -> str:
    url = reverse("wagtail_bulk_action", args=("reader_comments", "comment", action))
    return url + "?" + "&".join(f"id={comment.pk}" for comment in comments)


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        "moderator", "moderator@helix.example", "pw", first_name="Mo", last_name="Derator"
    )
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@helix.example", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


def test_the_group_migration_is_idempotent():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("comments.migrations.0002_comment_moderators_group")
    migration.create_group(apps, None)
    group = Group.objects.get(name="Comment moderators")
    assert sorted(group.permissions.values_list("codename", flat=True)) == [
        "access_admin",
        "change_comment",
        "delete_comment",
        "moderate_comment",
        "view_comment",
    ]


def test_the_menu_and_dashboard_show_the_pending_count(mod_client, article):
    CommentFactory.create_batch(2, page=article, status=Status.PENDING)
    CommentFactory(page=article, status=Status.SPAM)
    content = mod_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Comments (2)" in content
    assert "Pending (2)" in content
    assert "Spam (1)" in content
    assert "Trash (0)" in content
    assert "2 comments awaiting moderation" in content


def test_the_listing_filters_by_status_page_and_date(mod_client, article, article_index, parse):
    from datetime import timedelta

    from django.utils import timezone

    other = ArticlePageFactory(parent=article_index, title="Other article")
    pending = CommentFactory(page=article, status=Status.PENDING, body="pending one")
    approved = CommentFactory(page=article, body="approved one")
    elsewhere = CommentFactory(page=other, status=Status.PENDING, body="other page")
    old = CommentFactory(
        page=article,
        status=Status.PENDING,
        body="old one",
        created=timezone.now() - timedelta(days=40),
    )

    def listed(query):
        response = mod_client.get(reverse(LIST_URL) + query)
        assert response.status_code == 200
        return {
            int(box["data-object-id"])
            for box in parse(response).select("input[data-bulk-action-checkbox]")
        }

    assert listed("?status=pending") == {pending.pk, elsewhere.pk, old.pk}
    assert listed(f"?status=pending&page={other.pk}") == {elsewhere.pk}
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    assert listed(f"?status=pending&created_from={since}") == {pending.pk, elsewhere.pk}
    assert listed("?status=approved") == {approved.pk}


def test_the_listing_searches_text_name_and_email(mod_client, article, parse):
    by_text = CommentFactory(page=article, body="Mentions vectors", name="X", email="x@e.com")
    by_name = CommentFactory(page=article, name="Grace Hopper", email="g@e.com")
    by_email = CommentFactory(page=article, name="Y", email="lovelace@example.org")
    for query, expected in [("vectors", by_text), ("hopper", by_name), ("lovelace@", by_email)]:
        soup = parse(mod_client.get(reverse(LIST_URL), {"q": query}))
        ids = {
            int(box["data-object-id"]) for box in soup.select("input[data-bulk-action-checkbox]")
        }
        assert ids == {expected.pk}, query


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("approve", Status.PENDING, Status.APPROVED),
        ("unapprove", Status.APPROVED, Status.PENDING),
        ("spam", Status.PENDING, Status.SPAM),
        ("not-spam", Status.SPAM, Status.PENDING),
        ("trash", Status.APPROVED, Status.TRASH),
    ],
)
def test_bulk_actions_change_status_and_log(mod_client, moderator, article, action, before, after):
    comments = CommentFactory.create_batch(2, page=article, status=before)
    confirm = mod_client.get(bulk_url(action, comments))
    assert confirm.status_code == 200
    response = mod_client.post(bulk_url(action, comments) + "&next=/admin/")
    assert response.status_code == 302
    log_action = f"reader_comments.{action.replace('-', '_')}"
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == after
        assert comment.rule == Rule.MODERATOR
        entry = ModelLogEntry.objects.get(object_id=str(comment.pk), action=log_action)
        assert entry.user == moderator


def test_trash_then_restore_returns_a_comment_where_it_was(mod_client, article):
    approved = CommentFactory(page=article, status=Status.APPROVED)
    spam = CommentFactory(page=article, status=Status.SPAM)
    mod_client.post(bulk_url("trash", [approved, spam]))
    assert set(Comment.objects.values_list("status", flat=True)) == {Status.TRASH}
    mod_client.post(bulk_url("restore", [approved, spam]))
    approved.refresh_from_db()
    spam.refresh_from_db()
    assert (approved.status, spam.status) == (Status.APPROVED, Status.SPAM)
    assert ModelLogEntry.objects.filter(action="reader_comments.restore").count() == 2


def test_an_action_skips_comments_it_does_not_fit(mod_client, article):
    approved = CommentFactory(page=article, status=Status.APPROVED)
    mod_client.post(bulk_url("not-spam", [approved]))
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
    assert not ModelLogEntry.objects.filter(action="reader_comments.not_spam").exists()


def test_delete_permanently_removes_and_logs(mod_client, moderator, article):
    doomed = CommentFactory(page=article, status=Status.SPAM)
    reply = CommentFactory(page=article, parent=doomed)
    kept = CommentFactory(page=article)
    confirm = mod_client.get(bulk_url("delete", [doomed]))
    assert "Delete permanently" in confirm.content.decode()
    mod_client.post(bulk_url("delete", [doomed]))
    assert list(Comment.objects.all()) == [kept]
    assert not Comment.objects.filter(pk=reply.pk).exists()
    entry = ModelLogEntry.objects.get(action="reader_comments.delete")
    assert entry.object_id == str(doomed.pk)
    assert entry.user == moderator


def test_a_moderator_replies_as_staff(mod_client, moderator, article, client, parse):
    question = CommentFactory(page=article, body="When will it be available?")
    url = reverse("comment_moderation:reply", args=[question.pk])
    assert mod_client.get(url).status_code == 200
    response = mod_client.post(url, {"body": "We will update this article."})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=question)
    assert reply.is_staff_reply
    assert (reply.status, reply.rule) == (Status.APPROVED, Rule.STAFF)
    assert reply.name == "Mo Derator"
    assert ModelLogEntry.objects.filter(action="reader_comments.reply", user=moderator).exists()
    soup = parse(client.get(article.url))
    assert soup.find(id=f"comment-{reply.pk}").select_one(".comment__badge").text == "Staff"


def test_replying_to_a_pending_comment_approves_it_first(mod_client, moderator, article):
    pending = CommentFactory(page=article, status=Status.PENDING)
    url = reverse("comment_moderation:reply", args=[pending.pk])
    assert "publishing your reply approves it too" in mod_client.get(url).content.decode()
    mod_client.post(url, {"body": "Thanks, approved."})
    pending.refresh_from_db()
    assert pending.status == Status.APPROVED
    assert Comment.objects.get(parent=pending).is_staff_reply
    assert ModelLogEntry.objects.filter(action="reader_comments.approve", user=moderator).exists()


@pytest.mark.parametrize("status", [Status.SPAM, Status.TRASH])
def test_spam_and_trash_take_no_staff_reply(mod_client, article, status):
    comment = CommentFactory(page=article, status=status)
    mod_client.post(reverse("comment_moderation:reply", args=[comment.pk]), {"body": "No"})
    assert Comment.objects.count() == 1


def test_the_inspect_and_edit_views_work(mod_client, article):
    comment = CommentFactory(page=article, status=Status.PENDING)
    assert (
        mod_client.get(reverse("comment_moderation:inspect", args=[comment.pk])).status_code == 200
    )
    assert mod_client.get(reverse("comment_moderation:edit", args=[comment.pk])).status_code == 200


def test_nobody_writes_a_comment_from_scratch_in_the_admin(admin_client):
    response = admin_client.get(reverse("comment_moderation:add"))
    assert response.status_code in {302, 403}


def test_a_moderator_cannot_edit_pages(mod_client, home, article):
    for page in (home, article):
        response = mod_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code in {302, 403}
    assert mod_client.get(reverse(LIST_URL)).status_code == 200
    settings_url = reverse("wagtailsettings:edit", args=["reader_comments", "commentsettings"])
    assert mod_client.get(settings_url).status_code in {302, 403}


def test_an_editor_without_the_permission_cannot_moderate(client, editor, home, article):
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).status_code == 200
    assert client.get(reverse(LIST_URL)).status_code in {302, 403}
    comment = CommentFactory(page=article, status=Status.PENDING)
    client.post(bulk_url("approve", [comment]))
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    reply_url = reverse("comment_moderation:reply", args=[comment.pk])
    assert client.post(reply_url, {"body": "x"}).status_code in {302, 403}
    assert Comment.objects.count() == 1
    assert "Comments (" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_moderation_actions_read_well_in_the_history(mod_client, article):
    from wagtail.log_actions import registry

    comment = CommentFactory(page=article, status=Status.PENDING)
    mod_client.post(bulk_url("approve", [comment]))
    assert registry.get_action_label("reader_comments.approve") == "Comment: approve"
    assert registry.get_action_label("reader_comments.erase") == "Comment: erase"
    history = mod_client.get(reverse("comment_moderation:history", args=[comment.pk]))
    assert "Comment approved" in history.content.decode()


def page_options(soup) -> dict[str, str]:
    return {option["value"]: option.text for option in soup.select("select[name=page] option")}


def test_the_page_filter_offers_only_recently_commented_pages(
    mod_client, article, article_index, parse, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    from comments import admin_views

    monkeypatch.setattr(admin_views, "PAGE_CHOICES", 2)
    now = timezone.now()
    quiet = ArticlePageFactory(parent=article_index, title="Quiet article")
    busy = ArticlePageFactory(parent=article_index, title="Busy article")
    ArticlePageFactory(parent=article_index, title="Never commented")
    CommentFactory(page=quiet, status=Status.PENDING, created=now - timedelta(days=3))
    CommentFactory(page=article, status=Status.PENDING, created=now - timedelta(days=1))
    CommentFactory(page=busy, status=Status.PENDING, created=now)
    CommentFactory(page=quiet, status=Status.SPAM, created=now)

    options = page_options(parse(mod_client.get(reverse(LIST_URL), {"status": "pending"})))
    # the two with the newest pending comments, by title
    assert list(options.values()) == ["Any page", "Busy article", article.title]
    assert list(options) == ["", str(busy.pk), str(article.pk)]
    spam = page_options(parse(mod_client.get(reverse(LIST_URL), {"status": "spam"})))
    assert list(spam.values()) == ["Any page", "Quiet article"]

    # A page not offered still filters by its ID, and is shown as chosen
    soup = parse(mod_client.get(reverse(LIST_URL), {"status": "pending", "page": quiet.pk}))
    assert page_options(soup)[str(quiet.pk)] == "Quiet article"
    selected = soup.select_one("select[name=page] option[selected]")
    assert selected["value"] == str(quiet.pk)
    listed = {int(box["data-object-id"]) for box in soup.select("input[data-bulk-action-checkbox]")}
    assert listed == set(
        Comment.objects.filter(page=quiet, status=Status.PENDING).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("value", ["999999", "abc"])
def test_a_bad_page_filter_lists_nothing_and_says_why(mod_client, article, parse, value):
    CommentFactory(page=article, status=Status.PENDING)
    response = mod_client.get(reverse(LIST_URL), {"status": "pending", "page": value})
    assert response.status_code == 200
    soup = parse(response)
    assert not soup.select("input[data-bulk-action-checkbox]")
    assert f"There is no page with ID “{value}”" in soup.text


def test_the_counts_are_cached_until_a_comment_changes(mod_client, article, post, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counted_in(url) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            content = mod_client.get(url).content.decode()
        grouped = [q for q in queries if "GROUP BY" in q["sql"] and "status" in q["sql"]]
        return content, len(grouped)

    home = reverse("wagtailadmin_home")
    pending = CommentFactory.create_batch(2, page=article, status=Status.PENDING)
    content, queries = counted_in(home)
    assert queries == 1
    assert "Pending (2)" in content
    content, queries = counted_in(home)
    assert queries == 0  # from the cache
    assert "Pending (2)" in content

    mod_client.post(bulk_url("approve", pending[:1]))  # a status change
    content, queries = counted_in(home)
    assert queries == 1
    assert "Pending (1)" in content and "Approved (1)" in content

    post(article, client=client)  # a new comment, held
    assert "Pending (2)" in counted_in(home)[0]
    mod_client.post(bulk_url("delete", pending[1:]))
    assert "Pending (1)" in counted_in(home)[0]


def test_the_listing_takes_its_total_from_the_counts(mod_client, article, parse):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CommentFactory.create_batch(3, page=article, status=Status.PENDING)
    CommentFactory(page=article)
    mod_client.get(reverse(LIST_URL))  # fills the cached counts
    for query, total in [("", 4), ("?status=pending", 3), ("?status=trash", 0)]:
        with CaptureQueriesContext(connection) as queries:
            response = mod_client.get(reverse(LIST_URL) + query)
        assert not [q for q in queries if q["sql"].startswith("SELECT COUNT(*)")], query
        boxes = parse(response).select("input[data-bulk-action-checkbox]")
        assert len(boxes) == total
    # Filtered by anything else, the listing counts its rows
    with CaptureQueriesContext(connection) as queries:
        mod_client.get(reverse(LIST_URL), {"status": "pending", "page": article.pk})
    assert [q for q in queries if q["sql"].startswith("SELECT COUNT(*)")]


def test_the_queue_lists_25_newest_first_and_pages_the_rest(mod_client, article, parse):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    comments = [
        CommentFactory(page=article, status=Status.PENDING, created=now - timedelta(minutes=age))
        for age in range(26)
    ]

    def listed(page: int) -> list[int]:
        response = mod_client.get(reverse(LIST_URL), {"status": "pending", "p": page})
        boxes = parse(response).select("input[data-bulk-action-checkbox]")
        return [int(box["data-object-id"]) for box in boxes]

    assert listed(1) == [comment.pk for comment in comments[:25]]
    assert listed(2) == [comments[25].pk]


@pytest.mark.parametrize("pending", [1, 30])
def test_the_queue_query_budget_is_flat(admin_client, article, get_within_budget, pending):
    """A superuser's request (the sidebar's page explorer included) at 1 and at 30 comments."""
    CommentFactory.create_batch(pending, page=article, status=Status.PENDING)
    url = reverse(LIST_URL) + "?status=pending"
    assert get_within_budget(url, 10, using=admin_client).status_code == 200


def test_the_page_tree_depth_is_indexed():
    """Every admin request finds the root page by depth; without an index, a full scan."""
    from django.db import connection

    from wagtail.models import Page

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Page._meta.db_table)
    assert any(c["index"] and c["columns"] == ["depth"] for c in constraints.values())


def row_of(soup, comment):
    box = soup.select_one(f"input[data-bulk-action-checkbox][data-object-id='{comment.pk}']")
    return box.find_parent("tr")


def row_actions(row) -> list[str]:
    return [el["data-moderation-action"] for el in row.select("[data-moderation-action]")]


def test_every_row_has_its_actions_and_a_reply_link(mod_client, article, parse):
    pending = CommentFactory(page=article, status=Status.PENDING)
    approved = CommentFactory(page=article, status=Status.APPROVED)
    spam = CommentFactory(page=article, status=Status.SPAM)
    trashed = CommentFactory(page=article, status=Status.TRASH)
    soup = parse(mod_client.get(reverse(LIST_URL)))

    assert row_actions(row_of(soup, pending)) == ["approve", "spam", "trash", "reply"]
    assert row_actions(row_of(soup, approved)) == ["unapprove", "spam", "trash", "reply"]
    assert row_actions(row_of(soup, spam)) == ["not_spam", "trash"]
    assert row_actions(row_of(soup, trashed)) == ["restore"]
    reply = row_of(soup, pending).select_one("a[data-moderation-action=reply]")
    assert reply["href"] == reverse("comment_moderation:reply", args=[pending.pk])
    assert reply.text == "Approve and reply"
    box = row_of(soup, pending).select_one("input[data-bulk-action-checkbox]")
    assert soup.find(id=box["aria-describedby"]).select_one("strong").text == pending.name
    for form in row_of(soup, pending).select("form"):
        assert form["method"] == "post"
        assert form.select_one("input[name=csrfmiddlewaretoken]")["value"]


def test_the_listing_shows_the_comment_as_readers_will_see_it(mod_client, article, parse):
    CommentFactory(
        page=article,
        status=Status.PENDING,
        body="<script>alert(1)</script> First line\n\nSee https://example.org/study",
    )
    soup = parse(mod_client.get(reverse(LIST_URL)))
    body = soup.select_one(".comment-admin__body")
    assert not body.select("script")
    assert "<script>alert(1)</script> First line" in body.text
    assert len(body.select("p")) == 2
    link = body.select_one("a")
    assert link["href"] == "https://example.org/study"
    assert "nofollow" in link["rel"]


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("approve", Status.PENDING, Status.APPROVED),
        ("spam", Status.PENDING, Status.SPAM),
        ("trash", Status.PENDING, Status.TRASH),
        ("unapprove", Status.APPROVED, Status.PENDING),
        ("not_spam", Status.SPAM, Status.PENDING),
    ],
)
def test_a_row_action_posts_from_the_listing_and_returns_to_it(
    client, moderator, article, parse, action, before, after
):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(moderator)
    comment = CommentFactory(page=article, status=before)
    listing = reverse(LIST_URL) + f"?status={before}"
    soup = parse(client.get(listing))
    button = row_of(soup, comment).select_one(f"button[data-moderation-action={action}]")
    form = button.find_parent("form")
    data = {field["name"]: field.get("value", "") for field in form.select("input")}

    response = client.post(form["action"], data)

    assert response.status_code == 302
    assert response["Location"] == listing
    comment.refresh_from_db()
    assert (comment.status, comment.rule) == (after, Rule.MODERATOR)
    assert ModelLogEntry.objects.filter(
        object_id=str(comment.pk), action=f"reader_comments.{action}", user=moderator
    ).exists()
    followed = client.get(listing)
    assert "Comment by " in followed.content.decode()


def test_a_row_action_without_csrf_is_refused(client, moderator, article):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(moderator)
    comment = CommentFactory(page=article, status=Status.PENDING)
    url = reverse("comment_moderation:moderate", args=[comment.pk])
    assert client.post(url, {"action": "approve"}).status_code == 403
    assert client.get(url).status_code == 405
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_a_row_action_never_redirects_off_site(mod_client, article):
    comment = CommentFactory(page=article, status=Status.PENDING)
    url = reverse("comment_moderation:moderate", args=[comment.pk])
    response = mod_client.post(url, {"action": "approve", "next": "https://evil.example/"})
    assert response["Location"] == reverse(LIST_URL)


def test_an_action_that_does_not_fit_says_so(mod_client, article):
    comment = CommentFactory(page=article, status=Status.APPROVED)
    url = reverse("comment_moderation:moderate", args=[comment.pk])
    response = mod_client.post(url, {"action": "not_spam"}, follow=True)
    assert "does not apply, nothing was changed" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


@pytest.fixture
def admin_only(django_user_model):
    """A staff member who may open the admin and nothing more."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("staff", "staff@helix.example", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.parametrize("role", ["editor", "admin_only", "anonymous", "moderator", "superuser"])
def test_row_actions_per_role(client, editor, admin_only, moderator, admin_user, article, role):
    users = {
        "editor": editor,
        "admin_only": admin_only,
        "moderator": moderator,
        "superuser": admin_user,
    }
    if role in users:
        client.force_login(users[role])
    comment = CommentFactory(page=article, status=Status.PENDING)
    moderate = reverse("comment_moderation:moderate", args=[comment.pk])
    response = client.post(moderate, {"action": "approve"})
    inspect = client.get(reverse("comment_moderation:inspect", args=[comment.pk]))
    comment.refresh_from_db()
    if role in {"moderator", "superuser"}:
        assert comment.status == Status.APPROVED
        assert inspect.status_code == 200
    else:
        assert comment.status == Status.PENDING
        assert response.status_code in {302, 403}
        assert inspect.status_code in {302, 403}
        if role == "anonymous":
            assert "/admin/login/" in response["Location"]


def test_a_comments_page_shows_it_as_readers_will_in_its_thread(mod_client, article, parse):
    question = CommentFactory(page=article, name="Ada", body="Is it approved?")
    held = CommentFactory(
        page=article, parent=question, status=Status.PENDING, name="Bo", body="Me too\nasking"
    )
    answer = CommentFactory(page=article, parent=held, name="Cy", body="Yes, in 2023.")
    response = mod_client.get(reverse("comment_moderation:inspect", args=[held.pk]))
    soup = parse(response)
    text = soup.get_text(" ", strip=True)
    assert "Depth" not in text and "Is staff reply" not in text

    thread = soup.select("[data-comment-thread] > li")
    assert [li.select_one("strong").text for li in thread] == ["Ada", "Bo", "Cy"]
    assert thread[1].has_attr("data-comment-self")
    assert "Pending: not shown to readers" in thread[1].text
    assert thread[1].select_one(".comment-admin__body br") is not None
    assert thread[2].select_one("a")["href"] != ""
    page_link = soup.select_one("a[data-comment-page-link]")
    assert page_link["href"] == article.url
    assert soup.select_one("a[data-comment-page-edit]") is None  # moderators cannot edit pages
    reply = soup.select_one("a[data-moderation-action=reply]")
    assert reply["href"] == reverse("comment_moderation:reply", args=[held.pk])
    assert [b["data-moderation-action"] for b in soup.select("button[data-moderation-action]")] == [
        "approve",
        "spam",
        "trash",
    ]
    approved_page = parse(mod_client.get(reverse("comment_moderation:inspect", args=[answer.pk])))
    link = approved_page.select_one("a[data-comment-page-link]")["href"]
    assert link == f"{article.url}#comment-{answer.pk}"


def test_a_superuser_gets_the_page_edit_link(admin_client, article, parse):
    comment = CommentFactory(page=article)
    soup = parse(admin_client.get(reverse("comment_moderation:inspect", args=[comment.pk])))
    edit = soup.select_one("a[data-comment-page-edit]")
    assert edit["href"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
