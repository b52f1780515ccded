"""Settings read the environment: one database switch, deploy checks clean."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import connection

from helix.settings.base import cache_config, database_config

ROOT = Path(__file__).resolve().parents[2]


def test_without_database_url_sqlite_file_in_project_folder():
    config = database_config(None)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(config["NAME"]).parent == ROOT


def test_database_url_selects_postgresql():
    config = database_config("postgres://postgres@127.0.0.1:5432/helix")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("127.0.0.1", 5432, "helix")
    assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db
def test_suite_runs_on_the_database_the_environment_names():
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def test_redis_url_selects_django_redis_else_local_memory():
    assert cache_config(None)["BACKEND"].endswith("LocMemCache")
    redis = cache_config("redis://127.0.0.1:6379/1")
    assert redis["BACKEND"] == "django_redis.cache.RedisCache"
    assert redis["OPTIONS"]["IGNORE_EXCEPTIONS"] is True


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "helix.settings.production",
    "SECRET_KEY": "x7$Kq!v2@Lm9#Tz4&Rb8^Wc1*Yn6(Ps3)Hd5_Gf0+Je7=Ua2-Qo",
    "ALLOWED_HOSTS": "helix.example",
    "HELIX_BASE_URL": "https://helix.example",
}


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_production_refuses_to_start_without_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY environment variable is required" in result.stderr


@pytest.mark.slow
def test_production_turns_on_hsts_secure_cookies_and_https_upgrades():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT,"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES'].get('upgrade-insecure-requests')]))"
    )
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    hsts_seconds, *switches = json.loads(result.stdout.strip().splitlines()[-1])
    assert hsts_seconds >= 31_536_000
    assert switches == [True, True, True, True]


@pytest.mark.slow  # a subprocess per case
@pytest.mark.parametrize(
    "redis_url, backend",
    [
        ("", "django.core.cache.backends.filebased.FileBasedCache"),
        ("redis://127.0.0.1:6379/9", "django_redis.cache.RedisCache"),
    ],
)
def test_production_workers_share_one_cache(redis_url, backend, tmp_path):
    """Invalidation must reach every worker: never a per-process cache in production."""
    env = {**PRODUCTION_ENV, "REDIS_URL": redis_url, "HELIX_CACHE_DIR": str(tmp_path)}
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == backend


def test_the_demos_processes_share_one_cache(tmp_path):
    """``publish_scheduled`` in another process stamps what it published where the server
    looks: the demo's cache is a table in its database, not each process's memory."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helix.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    env.pop("REDIS_URL", None)

    def run(code: str) -> str:
        script = f"import django; django.setup()\n{code}"
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    subprocess.run(
        [sys.executable, "manage.py", "createcachetable"],  # what caching's migration runs
        cwd=ROOT,
        env=env,
        check=True,
    )
    run("from caching.stamps import changed; changed('page:42')")
    stamp = run("from django.core.cache import cache; print(cache.get('helix:changed:page:42'))")
    assert float(stamp) > 0
