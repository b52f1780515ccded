"""SQLite holds under concurrent use: WAL, a busy timeout, write locks taken up front."""

import pytest

from django.db.utils import ConnectionHandler

from helix.settings.base import database_config


@pytest.fixture
def sqlite_connection(tmp_path, django_db_blocker):
    """A real connection to a fresh SQLite file, made from the settings' own config."""
    config = database_config(None) | {"NAME": str(tmp_path / "helix.sqlite3")}
    wrapper = ConnectionHandler({"default": config})["default"]
    with django_db_blocker.unblock():
        yield wrapper
        wrapper.close()


def pragma(wrapper, name: str):
    with wrapper.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_sqlite_connections_use_wal_and_wait_for_a_busy_writer(sqlite_connection):
    assert pragma(sqlite_connection, "journal_mode") == "wal"
    assert pragma(sqlite_connection, "busy_timeout") == 20_000
    assert pragma(sqlite_connection, "synchronous") == 1  # NORMAL: safe with WAL
    assert sqlite_connection.transaction_mode == "IMMEDIATE"
