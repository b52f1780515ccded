"""``manage.py backup`` then ``restore`` into an empty database gives back the same site.

The comparison is generic: ``dumpdata`` of every installed app before and
after, so apps merged later (sources, comments...) are covered without
changing this test. It runs on the database the suite runs on: SQLite, or
PostgreSQL when DATABASE_URL names one (the restore then goes to a second,
new database).
"""

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import wagtail_factories
from psycopg import sql

from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.models import Page

from sources.models import Source, SourceAuthor

ROOT = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.slow  # manage.py backup/restore in subprocesses, pg_dump


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site_content(home, media_root):
    """A page with three revisions, an image, a document and a cited source, all with files."""
    page = Page(title="Gene therapy basics", slug="basics")
    home.add_child(instance=page)
    for title in ("Gene therapy basics", "Gene therapy: the basics", "Gene therapy, simply"):
        page.title = title
        page.save_revision().publish()
    image = wagtail_factories.ImageFactory(title="Vector diagram")
    document = wagtail_factories.DocumentFactory(title="Trial protocol")
    source = Source.objects.create(title="Gene therapy comes of age", year=2018)
    SourceAuthor.objects.create(source=source, family="Dunbar", given="Cynthia E")
    source.tags.add("review")
    source.save()
    return {"page": page, "image": image, "document": document, "source": source}


def media_digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def dumpdata_here() -> list[dict]:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return json.loads(out.getvalue())


def manage(*args: str, database_url: str, media: Path) -> subprocess.CompletedProcess:
    """Run manage.py as an operator would on the new server: its own database and media."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "helix.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the suite's kind; its URL."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    params = connection.settings_dict
    name = f"{params['NAME']}_restored"
    admin = {
        "host": params["HOST"],
        "port": params["PORT"],
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    yield f"postgres://{params['USER']}{password}@{params['HOST']}:{params['PORT']}/{name}"
    with psycopg.connect(**admin) as server:
        server.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_into_an_empty_database_gives_back_the_same_site(
    site_content, media_root, empty_database, tmp_path
):
    archive = tmp_path / "site.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert archive.is_file()
    assert f"Backed up the {connection.vendor} database" in out.getvalue()
    assert "and 2 media files" in out.getvalue()
    before = dumpdata_here()
    media_before = media_digests(media_root)

    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    (restored_media / "stray.txt").write_text("left over")
    refused = manage("restore", str(archive), database_url=empty_database, media=restored_media)
    assert refused.returncode != 0
    assert "media folder" in refused.stderr and "is not empty" in refused.stderr
    (restored_media / "stray.txt").unlink()

    result = manage("restore", str(archive), database_url=empty_database, media=restored_media)
    assert result.returncode == 0, result.stderr
    assert f"Restored the {connection.vendor} database" in result.stdout
    assert "and 2 media files" in result.stdout
    assert "migrate" not in result.stdout, "same code: nothing left to migrate"

    dumped = manage("dumpdata", database_url=empty_database, media=restored_media)
    assert dumped.returncode == 0, dumped.stderr
    after = json.loads(dumped.stdout)
    assert after == before, "every row of every app comes back identical"
    assert media_digests(restored_media) == media_before
    assert set(media_before) >= {
        site_content["image"].file.name,
        site_content["document"].file.name,
    }

    # What an editor would look for, found in the restored data.
    page_id = site_content["page"].pk
    pages = {row["pk"]: row["fields"] for row in after if row["model"] == "wagtailcore.page"}
    assert pages[page_id]["title"] == "Gene therapy, simply"
    revisions = [
        row
        for row in after
        if row["model"] == "wagtailcore.revision" and row["fields"]["object_id"] == str(page_id)
    ]
    assert len(revisions) == 3
    sources = [row["fields"] for row in after if row["model"] == "sources.source"]
    assert [s["title"] for s in sources] == ["Gene therapy comes of age"]


# The backup reads committed data (pg_dump is another process): no test transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_database_that_is_not_empty(media_root, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="is not empty. Restore into a new, empty database"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Page.objects.count() == pages


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_into_a_folder_names_the_archive_by_date(media_root, tmp_path):
    out = io.StringIO()
    call_command("backup", output=str(tmp_path), stdout=out)
    [archive] = tmp_path.glob("helix-backup-*Z.tar.gz")
    assert str(archive) in out.getvalue()
    assert "and 0 media files" in out.getvalue()


@pytest.mark.django_db
def test_restore_explains_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="is not a readable Helix backup"):
        call_command("restore", str(bogus))
    with pytest.raises(CommandError, match="No backup archive at"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="pg_dump runs in its own process")
@pytest.mark.django_db
def test_sqlite_backup_inside_a_transaction_is_refused_not_hung(tmp_path):
    """SQLite's backup API would wait forever on this connection's own write lock."""
    with pytest.raises(CommandError, match="outside a database transaction"):
        call_command("backup", output=str(tmp_path / "x.tar.gz"))
