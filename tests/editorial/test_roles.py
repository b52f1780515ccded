"""The editorial groups and the workflow exist after migrating, and re-running is harmless."""

import importlib

import pytest

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage

from editorial import roles
from editorial.models import MedicalReviewTask

pytestmark = pytest.mark.django_db

roles_migration = importlib.import_module("editorial.migrations.0002_roles")
workflow_migration = importlib.import_module("editorial.migrations.0003_medical_review_workflow")


def page_permissions(name):
    return set(
        GroupPagePermission.objects.filter(group__name=name, page__depth=1).values_list(
            "permission__codename", flat=True
        )
    )


def test_roles_have_page_permissions_on_the_root():
    assert page_permissions(roles.EDITORS) == {"add_page", "change_page"}
    assert page_permissions(roles.MEDICAL_REVIEWERS) == {"add_page", "change_page"}
    assert page_permissions(roles.ADMINISTRATORS) == {
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    }


def test_editors_write_the_library_but_cannot_delete_or_change_settings():
    codenames = set(
        Group.objects.get(name=roles.EDITORS).permissions.values_list("codename", flat=True)
    )
    assert {"add_source", "change_source", "add_author", "change_condition"} <= codenames
    assert "delete_source" not in codenames
    assert "change_sitesettings" not in codenames
    assert "add_user" not in codenames


def test_administrators_hold_every_permission():
    group = Group.objects.get(name=roles.ADMINISTRATORS)
    assert group.permissions.count() == Permission.objects.count()


def test_administrators_get_permissions_of_models_added_later():
    from django.contrib.contenttypes.models import ContentType

    from editorial.signals import grant_administrators_everything

    new = Permission.objects.create(
        codename="moderate_thing",
        name="Can moderate thing",
        content_type=ContentType.objects.get_for_model(Group),
    )
    grant_administrators_everything(sender=None)
    assert Group.objects.get(name=roles.ADMINISTRATORS).permissions.filter(pk=new.pk).exists()
    assert not Group.objects.get(name=roles.EDITORS).permissions.filter(pk=new.pk).exists()


def test_medical_review_workflow_is_on_the_root_page():
    workflow = Workflow.objects.get(name=roles.MEDICAL_REVIEW_WORKFLOW)
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == workflow
    [task] = [task.specific for task in workflow.tasks]
    assert isinstance(task, MedicalReviewTask)
    assert [group.name for group in task.groups.all()] == [roles.MEDICAL_REVIEWERS]


def test_migrations_are_idempotent_and_keep_manual_grants():
    editors = Group.objects.get(name=roles.EDITORS)
    extra = Permission.objects.get(codename="delete_source")
    editors.permissions.add(extra)
    counts = (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count())

    roles_migration.create_roles(apps, None)
    workflow_migration.create_workflow(apps, None)

    assert counts == (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
    )
    assert editors.permissions.filter(pk=extra.pk).exists(), "a manual grant survives"
    assert MedicalReviewTask.objects.count() == 1


moderators_migration = importlib.import_module(
    "editorial.migrations.0005_retire_wagtail_moderators"
)


def rights(group) -> tuple[int, int, int]:
    """How many model, page and collection permissions ``group`` holds."""
    from wagtail.models import GroupCollectionPermission

    return (
        group.permissions.count(),
        GroupPagePermission.objects.filter(group=group).count(),
        GroupCollectionPermission.objects.filter(group=group).count(),
    )


def moderators_approval_groups() -> list[str]:
    from wagtail.models import GroupApprovalTask

    task = GroupApprovalTask.objects.get(name=moderators_migration.APPROVAL_TASK)
    return [group.name for group in task.groups.all()]


def test_wagtails_moderators_group_is_gone_and_only_administrators_publish():
    assert not Group.objects.filter(name=moderators_migration.MODERATORS).exists()
    publishers = Group.objects.filter(
        page_permissions__permission__codename="publish_page"
    ).distinct()
    assert [group.name for group in publishers] == [roles.ADMINISTRATORS]
    assert moderators_approval_groups() == []


def test_migrating_back_restores_wagtails_moderators_once():
    moderators_migration.restore_moderators(apps, None)
    moderators_migration.restore_moderators(apps, None)

    group = Group.objects.get(name=moderators_migration.MODERATORS)
    assert page_permissions(group.name) == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }
    assert rights(group) == (9, 5, 6)
    assert moderators_approval_groups() == [moderators_migration.MODERATORS]


def test_retiring_an_empty_moderators_group_deletes_it():
    moderators_migration.restore_moderators(apps, None)
    moderators_migration.retire_moderators(apps, None)
    moderators_migration.retire_moderators(apps, None)
    names = set(Group.objects.values_list("name", flat=True))
    assert not names & {moderators_migration.MODERATORS, moderators_migration.RETIRED}
    assert moderators_approval_groups() == []


def test_retiring_moderators_with_members_keeps_them_in_a_renamed_group_without_rights():
    from editorial.factories import UserFactory

    moderators_migration.restore_moderators(apps, None)
    member = UserFactory(groups=[moderators_migration.MODERATORS])

    moderators_migration.retire_moderators(apps, None)
    moderators_migration.retire_moderators(apps, None)

    assert not Group.objects.filter(name=moderators_migration.MODERATORS).exists()
    retired = Group.objects.get(name=moderators_migration.RETIRED)
    assert list(retired.user_set.all()) == [member]
    assert rights(retired) == (0, 0, 0)
    assert moderators_approval_groups() == []
    assert not member.has_perm("wagtailadmin.access_admin")

    # And back again: the members are Moderators with Wagtail's rights once more.
    moderators_migration.restore_moderators(apps, None)
    group = Group.objects.get(name=moderators_migration.MODERATORS)
    assert list(group.user_set.all()) == [member]
    assert rights(group) == (9, 5, 6)
    assert not Group.objects.filter(name=moderators_migration.RETIRED).exists()
