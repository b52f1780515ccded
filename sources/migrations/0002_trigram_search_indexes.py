"""Trigram indexes for the library's substring search, on PostgreSQL only.

Search matches sources by words anywhere in the title, journal and author
names (``icontains``, i.e. ``UPPER(col::text) LIKE UPPER('%word%')``). At 50,000
sources and 170,000 authors that scans both tables on every search; GIN
trigram indexes on the same expressions answer it from the index. SQLite has
no such index and needs none at its sizes. Where the ``pg_trgm`` extension
cannot be created (no privilege), the indexes are skipped and search works
as before, only slower.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

INDEXES = {
    "sources_source_title_trgm": ("sources_source", "title"),
    "sources_source_container_trgm": ("sources_source", "container_title"),
    "sources_sourceauthor_family_trgm": ("sources_sourceauthor", "family"),
    "sources_sourceauthor_given_trgm": ("sources_sourceauthor", "given"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        logger.warning("pg_trgm is not available: source search runs without trigram indexes.")
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
