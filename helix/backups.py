"""One-file backups of a Helix site: the whole database and the media folder.

The database is copied whole, not model by model, so every app's tables
(pages, revisions, images, sources, comments, task queue...) are covered
without a list to keep up to date:

- PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot while the
  site runs), restored with ``pg_restore`` in a single transaction.
- SQLite: SQLite's online backup API, a page-by-page consistent copy of the
  file, restored with the same API.

The archive is a ``.tar.gz`` holding ``manifest.json`` (format, database
vendor, SHA-256 of the dump, latest migration per app), the dump, and
``media/``. Restoring needs an empty database and an empty media folder, so
a restore never merges into, or silently overwrites, a live site.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

ARCHIVE_FORMAT = 1
MANIFEST_NAME = "manifest.json"
MEDIA_DIR = "media"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    vendor: str
    database_bytes: int
    media_files: int
    media_bytes: int


def default_archive_name(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"helix-backup-{now:%Y%m%d-%H%M%S}Z.tar.gz"


def create_backup(destination: Path, using: str = "default") -> BackupSummary:
    """Write the database and media folder of ``using`` into one archive at ``destination``.

    The database is dumped before the media folder is read, so every file the
    dump refers to is in the archive (a file uploaded meanwhile is merely extra).
    The archive appears under its final name only once complete.
    """
    connection = connections[using]
    vendor = supported_vendor(connection)
    media_root = Path(settings.MEDIA_ROOT)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="helix-backup-") as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        if vendor == "postgresql":
            pg_dump(connection, dump)
        else:
            if connection.in_atomic_block:
                # SQLite's backup API waits forever for this connection's own write lock.
                raise BackupError("Run the backup outside a database transaction.")
            connection.ensure_connection()
            sqlite_copy(connection.connection, dump)
        media = media_files(media_root)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "vendor": vendor,
            "database": dump.name,
            "database_sha256": sha256(dump),
            "media_files": len(media),
            "migrations": latest_migrations(connection),
        }
        (Path(work) / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2))
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(work) / MANIFEST_NAME, arcname=MANIFEST_NAME)
            archive.add(dump, arcname=dump.name)
            for file in media:
                archive.add(media_root / file, arcname=f"{MEDIA_DIR}/{file.as_posix()}")
        partial.replace(destination)
        return BackupSummary(
            path=destination,
            vendor=vendor,
            database_bytes=dump.stat().st_size,
            media_files=len(media),
            media_bytes=sum((media_root / file).stat().st_size for file in media),
        )


def restore_backup(archive_path: Path, using: str = "default") -> BackupSummary:
    """Load an archive made by ``create_backup`` into an empty database and media folder."""
    connection = connections[using]
    vendor = supported_vendor(connection)
    media_root = Path(settings.MEDIA_ROOT)
    if not archive_path.is_file():
        raise BackupError(f"No backup archive at {archive_path}.")
    with tempfile.TemporaryDirectory(prefix="helix-restore-") as work:
        manifest = unpack(archive_path, Path(work))
        if manifest["vendor"] != vendor:
            raise BackupError(
                f"This archive holds a {manifest['vendor']} database; the target is {vendor}. "
                "Restore into the same kind of database."
            )
        dump = Path(work) / manifest["database"]
        if sha256(dump) != manifest["database_sha256"]:
            raise BackupError("The database dump fails its checksum: the archive is damaged.")
        if connection.introspection.table_names():
            raise BackupError(
                f"The target database {connection.settings_dict['NAME']} is not empty. "
                "Restore into a new, empty database (createdb), then point DATABASE_URL at it."
            )
        if media_files(media_root):
            raise BackupError(
                f"The media folder {media_root} is not empty. "
                "Move it aside (or set MEDIA_ROOT to a new folder) and run the restore again."
            )
        if vendor == "postgresql":
            pg_restore(connection, dump)
        else:
            connection.ensure_connection()
            sqlite_copy_into(dump, connection.connection)
        connection.close()  # forget anything cached about the empty database
        # Kept pages and parts describe the old data; their change stamps go with them
        # (every process shares the cache: caching/stamps.py). A backup taken where
        # the cache was not a database table (Redis) restores without its table.
        call_command("createcachetable", database=using, verbosity=0)
        cache.clear()
        media = media_files(Path(work) / MEDIA_DIR)
        media_root.mkdir(parents=True, exist_ok=True)
        if media:
            shutil.copytree(Path(work) / MEDIA_DIR, media_root, dirs_exist_ok=True)
        return BackupSummary(
            path=archive_path,
            vendor=vendor,
            database_bytes=dump.stat().st_size,
            media_files=len(media),
            media_bytes=sum((media_root / file).stat().st_size for file in media),
        )


def unapplied_migrations(using: str = "default") -> list[str]:
    """Migrations this code has that the restored database lacks (an older backup)."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


# Helpers


def supported_vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def media_files(root: Path) -> list[Path]:
    """Every regular file under ``root``, relative to it, sorted (symlinks are skipped)."""
    if not root.is_dir():
        return []
    return sorted(
        path.relative_to(root)
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def latest_migrations(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The last applied migration per app: tells an operator which code the backup came from."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(name, latest.get(app, ""))
    return dict(sorted(latest.items()))


def unpack(archive_path: Path, work: Path) -> dict:
    """Extract safely (no absolute paths, no escaping links) and read the manifest."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        manifest = json.loads((work / MANIFEST_NAME).read_text())
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive_path} is not a readable Helix backup ({error}).") from error
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    if manifest.get("database") not in DUMP_NAMES.values():
        raise BackupError("The backup manifest names no database dump.")
    return manifest


def libpq_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore, passed by environment (never argv)."""
    params = connection.settings_dict
    env = {
        "PGDATABASE": str(params["NAME"]),
        "PGHOST": str(params.get("HOST") or ""),
        "PGPORT": str(params.get("PORT") or ""),
        "PGUSER": str(params.get("USER") or ""),
        "PGPASSWORD": str(params.get("PASSWORD") or ""),
        "PGSSLMODE": str(params.get("OPTIONS", {}).get("sslmode", "")),
    }
    return {**os.environ, **{key: value for key, value in env.items() if value}}


def run_tool(command: list[str], connection: BaseDatabaseWrapper) -> None:
    try:
        subprocess.run(
            command, env=libpq_environment(connection), check=True, capture_output=True, text=True
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client tools."
        ) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def pg_dump(connection: BaseDatabaseWrapper, dump: Path) -> None:
    run_tool(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],
        connection,
    )


def pg_restore(connection: BaseDatabaseWrapper, dump: Path) -> None:
    run_tool(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        connection,
    )


def sqlite_copy(source: sqlite3.Connection, dump: Path) -> None:
    target = sqlite3.connect(dump)
    try:
        source.backup(target)
    finally:
        target.close()


def sqlite_copy_into(dump: Path, target: sqlite3.Connection) -> None:
    source = sqlite3.connect(dump)
    try:
        source.backup(target)
    finally:
        source.close()
