"""Benchmark Helix's main pages: throughput under load, CPU and SQL per page.

Run ``bench/run`` (this file through the project venv). It

1. migrates a database of its own (``BENCH_DATABASE_URL``, default a SQLite file
   in /tmp) and loads the demo content if it is empty;
2. measures each page in this process with Django's test client, production
   settings and the page cache off: median CPU ms (``time.process_time``) over
   ``--repeat`` requests after a warm-up, and the SQL queries of one request;
3. starts gunicorn with the production settings (DEBUG off) on 127.0.0.1, and
   a bare Django view (bench/floor.py) beside it, and drives every page with
   ``wrk`` for ``--seconds``: anonymous readers, so cached pages after the first;
4. prints one table.

The cache is the production one: Redis when ``REDIS_URL`` is set (give the
benchmark a database of its own, e.g. ``redis://127.0.0.1:6379/14``: the run
empties it first), else a fresh shared cache directory.

Only loopback traffic; every loop is bounded.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
ENV = {
    "DJANGO_SETTINGS_MODULE": "helix.settings.production",
    "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    "LOG_LEVEL": "WARNING",
    "GUNICORN_ACCESS_LOG": "/dev/null",
    # Without REDIS_URL the workers share a cache directory: a fresh one per run,
    # so no run starts from an earlier run's (or database's) cached pages.
    "HELIX_CACHE_DIR": tempfile.mkdtemp(prefix="helix-bench-cache-"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True, env=os.environ)


def prepare_database() -> None:
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("load_demo_data")


def main_pages() -> dict[str, str]:
    """The pages the issue names, found in the demo content."""
    import django

    django.setup()
    from articles.models import ArticleIndexPage, ArticlePage
    from therapies.models import TherapyPage

    article = ArticlePage.objects.live().public().order_by("pk").first()
    therapy = TherapyPage.objects.live().public().order_by("pk").first()
    index = ArticleIndexPage.objects.live().first()
    if not (article and therapy and index):
        raise SystemExit("No demo content: run `manage.py load_demo_data` first.")
    return {
        "home": "/",
        "article": article.url,
        "therapy profile": therapy.url,
        "article index": index.url,
        "articles feed": "/feeds/articles.rss",
    }


def in_process(pages: dict[str, str], repeat: int) -> dict[str, tuple[float, int]]:
    """Median CPU ms and SQL queries per page, page cache off, warm process."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.HELIX_PAGE_CACHE = False
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for name, url in pages.items():
        for _ in range(5):
            assert client.get(url).status_code == 200, url
        samples = []
        for _ in range(repeat):
            start = time.process_time()
            client.get(url)
            samples.append((time.process_time() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results[name] = (statistics.median(samples), len(queries))
    return results


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s.")


def gunicorn(app: str, port: int, workers: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def drive(url: str, seconds: int, connections: int) -> tuple[float, float, float]:
    """req/s, p50 ms, p99 ms from wrk."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    latency = {p: float(v) * UNIT_MS[u] for p, v, u in WRK_LATENCY.findall(output)}
    return float(WRK_RPS.search(output).group(1)), latency["50"], latency["99"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk run per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=50, help="in-process samples per page")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--skip-load", action="store_true", help="in-process figures only")
    args = parser.parse_args()
    if not shutil.which("wrk") and not args.skip_load:
        raise SystemExit("wrk is missing: apt-get install wrk")

    os.environ.update(ENV)
    os.environ.setdefault("DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", ""))
    if not os.environ["DATABASE_URL"]:
        os.environ["DATABASE_URL"] = "sqlite:////tmp/helix-bench.sqlite3"
    os.environ.setdefault("STATIC_ROOT", "/tmp/helix-bench-static")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    prepare_database()
    pages = main_pages()
    from django.core.cache import cache

    # No run starts from an earlier run's cached pages or fragments. With
    # REDIS_URL, give the benchmark a Redis database of its own: this empties it.
    cache.clear()
    cache_name = "Redis" if os.environ.get("REDIS_URL") else "shared cache directory"
    figures = in_process(pages, args.repeat)

    load: dict[str, tuple[float, float, float]] = {}
    if not args.skip_load:
        port, floor_port = free_port(), free_port()
        servers = [
            gunicorn("helix.wsgi:application", port, args.workers),
            gunicorn("bench.floor:application", floor_port, args.workers),
        ]
        try:
            wait_for(f"http://127.0.0.1:{port}/")
            wait_for(f"http://127.0.0.1:{floor_port}/")
            load["bare Django view"] = drive(
                f"http://127.0.0.1:{floor_port}/", args.seconds, args.connections
            )
            for name, url in pages.items():
                load[name] = drive(f"http://127.0.0.1:{port}{url}", args.seconds, args.connections)
        finally:
            for server in servers:
                stop(server)

    print(
        f"\nHelix benchmark · {os.environ['DATABASE_URL'].split(':')[0]} · {cache_name} · "
        f"{args.workers} gunicorn workers · wrk {args.connections} connections, "
        f"{args.seconds} s · CPU median of {args.repeat} (page cache off)\n"
    )
    print(f"{'page':<18} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>8} {'queries':>8}")
    for name in ["bare Django view", *pages]:
        rps, p50, p99 = load.get(name, (float("nan"),) * 3)
        cpu, queries = figures.get(name, (float("nan"), 0))
        query_text = str(queries) if name in figures else "-"
        print(f"{name:<18} {rps:>8.0f} {p50:>8.1f} {p99:>8.1f} {cpu:>8.1f} {query_text:>8}")


if __name__ == "__main__":
    main()
