"""Retire Wagtail's stock "Moderators" group: it publishes without medical review.

Wagtail's own migrations create "Moderators" with add, change, publish, lock and
unlock on the root page (and image and document rights): anyone put in it
publishes every page directly, skipping the Medical review workflow, and its
name is easily taken for "Comment moderators". Helix has no use for it.

The group loses every permission (model, page, collection, site) and its place
in any approval task. With nobody in it, it is deleted; with members, it is
renamed ``RETIRED`` and kept empty of rights, so an administrator sees who was
in it and gives each person a Helix role instead.

Idempotent (a second run finds no "Moderators") and reversible: migrating back
restores the group, under its old name, with Wagtail's stock permissions and
its place in Wagtail's "Moderators approval" task.
"""

from django.db import migrations

MODERATORS = "Moderators"
RETIRED = "Retired: Wagtail's Moderators (no permissions)"
APPROVAL_TASK = "Moderators approval"

# What Wagtail's migrations grant the group (app_label.codename).
STOCK_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
]
STOCK_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock"]
STOCK_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
APPROVAL_TASK_MODELS = [("wagtailcore", "GroupApprovalTask"), ("editorial", "MedicalReviewTask")]


def _permission(Permission, dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()


def retire_moderators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=MODERATORS).first()
    if group is None:
        return
    for label in ["GroupPagePermission", "GroupCollectionPermission", "GroupSitePermission"]:
        apps.get_model("wagtailcore", label).objects.filter(group=group).delete()
    group.permissions.clear()
    for app_label, model_name in APPROVAL_TASK_MODELS:
        for task in apps.get_model(app_label, model_name).objects.filter(groups=group):
            task.groups.remove(group)
    members = list(group.user_set.all())
    retired = Group.objects.filter(name=RETIRED).first()
    if members and retired is None:
        group.name = RETIRED
        group.save(update_fields=["name"])
        return
    if retired is not None:
        retired.user_set.add(*members)
    group.delete()


def restore_moderators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    group = Group.objects.filter(name=RETIRED).first()
    if group is not None and not Group.objects.filter(name=MODERATORS).exists():
        group.name = MODERATORS
        group.save(update_fields=["name"])
    else:
        group, _created = Group.objects.get_or_create(name=MODERATORS)

    group.permissions.add(
        *filter(None, (_permission(Permission, p) for p in STOCK_MODEL_PERMISSIONS))
    )
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for action in STOCK_PAGE_PERMISSIONS:
            permission = _permission(Permission, f"wagtailcore.{action}_page")
            if permission is not None:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for dotted in STOCK_COLLECTION_PERMISSIONS:
            permission = _permission(Permission, dotted)
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK).first()
    if task is not None:
        task.groups.add(group)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0004_review_record_own_changes"),
        # Every Wagtail migration that grants the group something runs before.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(retire_moderators, restore_moderators)]
