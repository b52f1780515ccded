"""The table of a database cache (the demo's, helix/settings/dev.py), made by ``migrate``.

``createcachetable`` creates it for every configured ``DatabaseCache`` and does
nothing for other backends (Redis in production, local memory in tests).
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
