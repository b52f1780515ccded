"""How gunicorn serves Helix: workers forked from a preloaded, warmed-up app."""

import runpy
import sys
from pathlib import Path

import pytest

from django.core.cache import caches
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gunicorn_conf() -> dict:
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_workers_fork_from_a_preloaded_app_and_recycle_rarely(gunicorn_conf, monkeypatch):
    assert gunicorn_conf["wsgi_app"] == "helix.wsgi:application"
    assert gunicorn_conf["preload_app"] is True
    assert gunicorn_conf["max_requests"] == 20000
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "500")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["max_requests"] == 500


@pytest.mark.django_db
def test_a_forked_worker_does_not_reuse_the_masters_connections(gunicorn_conf, monkeypatch):
    """Closed, not shared (SQLite's in-memory test database ignores a real close: recorded)."""
    connection.ensure_connection()
    database = connections["default"]
    cache = caches["default"]
    closed = []
    for opened in (database, cache):
        monkeypatch.setattr(
            type(opened), "close", lambda self, closed=closed, **kwargs: closed.append(self)
        )
    gunicorn_conf["post_fork"](server=None, worker=None)
    assert database in closed and cache in closed


@pytest.mark.django_db
def test_warm_up_loads_the_urlconf_and_cache_without_touching_the_database(
    django_assert_num_queries,
):
    from helix.wsgi import warm_up

    with django_assert_num_queries(0):
        warm_up()
    assert "helix.urls" in sys.modules and "articles.views" in sys.modules
