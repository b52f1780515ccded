"""The "Comment moderators" group: may enter the admin and moderate reader comments, nothing else.

Idempotent: running it again (or after someone edited the group) only adds
what is missing. Permissions are normally created after migrations run, so
they are created here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Comment moderators"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("reader_comments", "comment", "view_comment"),
    ("reader_comments", "comment", "change_comment"),
    ("reader_comments", "comment", "delete_comment"),
    ("reader_comments", "comment", "moderate_comment"),
]


def create_group(apps, schema_editor):
    # wagtailadmin's own migration created access_admin; ours may not exist yet.
    app_config = apps.get_app_config("reader_comments")
    # create_permissions skips apps without models_module; restore the old value after.
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )
        group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reader_comments", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # These grant "choose" permissions to every admin group that exists when
        # they run: run after them so moderators get nothing but their own.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
