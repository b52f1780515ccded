"""An index on the page tree's depth, for the admin's root-page lookups.

Every admin view (its sidebar: the page explorer, the reports menu) asks for a
superuser's explorable root with ``Page.objects.filter(depth=1)``, and treebeard
finds root nodes the same way. Wagtail indexes ``path`` but not ``depth``: at
100,000 pages that was a sequential scan (6-20 ms) on every admin request.
"""

from django.db import migrations

INDEX = "helix_page_depth"


def create_index(apps, schema_editor):
    table = apps.get_model("wagtailcore", "Page")._meta.db_table
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} (depth)")


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("helix", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
