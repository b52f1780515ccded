"""Create the editorial roles: Editors, Medical reviewers, Administrators.

Idempotent: groups are fetched or created and permissions only ever added, so
running it on a database where an administrator has already adjusted a group
never removes what they granted; groups stay editable in Settings > Groups.
Wagtail's own migrations already create an "Editors" group (page add/edit on
the root, image permissions): this migration adopts it and completes it.

Page permissions are granted on the tree's root page, not on the Articles and
Therapies index pages, because those pages do not exist when migrations run on
a fresh database (the demo loader or an editor creates them later). On the
root they reach every page, including the home page; the "Medical review"
workflow (migration 0003) is assigned at the same level, so any change an
Editor makes anywhere goes through review. To narrow the scope later, move the
rows in Settings > Groups > (group) > Page permissions.

Permissions for models added by other apps after this migration (e.g. the
comments app's moderation, source import) are granted by those apps' own
migrations or by an administrator.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
MEDICAL_REVIEWERS = "Medical reviewers"
ADMINISTRATORS = "Administrators"

# Model permissions (app_label.codename). Editors and reviewers write content
# and the shared library but do not delete it; nobody but Administrators
# changes site settings, users, groups or workflows.
CONTENT_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "articles.add_author",
    "articles.change_author",
    "articles.view_author",
    "articles.add_section",
    "articles.change_section",
    "articles.view_section",
    "therapies.add_condition",
    "therapies.change_condition",
    "therapies.view_condition",
    "sources.add_source",
    "sources.change_source",
    "sources.view_source",
]
# Images and documents use per-collection permissions (on the root collection).
COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
ADMIN_COLLECTION_PERMISSIONS = COLLECTION_PERMISSIONS + [
    "wagtailimages.delete_image",
    "wagtaildocs.delete_document",
    "wagtailcore.add_collection",
    "wagtailcore.change_collection",
    "wagtailcore.delete_collection",
]

ROLES = {
    # Write and submit for review; no "publish", so every change goes to review.
    EDITORS: {
        "model": CONTENT_PERMISSIONS,
        "page": ["add", "change"],
        "collection": COLLECTION_PERMISSIONS,
    },
    # Edit and approve within the workflow; approval publishes, so no direct
    # "publish" either: every publication leaves a review record.
    MEDICAL_REVIEWERS: {
        "model": CONTENT_PERMISSIONS,
        "page": ["add", "change"],
        "collection": COLLECTION_PERMISSIONS,
    },
    # Everything: every model permission, every page permission on the root.
    ADMINISTRATORS: {
        "model": "__all__",
        "page": ["add", "change", "publish", "bulk_delete", "lock", "unlock"],
        "collection": ADMIN_COLLECTION_PERMISSIONS,
    },
}


def _permission(Permission, dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate);
    # create them now so a fresh database can be given them.
    for app_config in apps.get_app_configs():
        # create_permissions skips apps without models_module; restore the old value
        # afterwards (tests call this with the live registry, which must stay intact).
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()

    for name, grants in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        if grants["model"] == "__all__":
            group.permissions.add(*Permission.objects.all())
        else:
            group.permissions.add(*(_permission(Permission, p) for p in grants["model"]))
        if root_page is not None:
            for action in grants["page"]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=_permission(Permission, f"wagtailcore.{action}_page"),
                )
        if root_collection is not None:
            for dotted in grants["collection"]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(Permission, dotted),
                )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("articles", "0001_initial"),
        ("therapies", "0001_initial"),
        ("sources", "0001_initial"),
        ("helix", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    # Reversing leaves the groups: people may have been put in them since.
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
