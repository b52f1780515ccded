"""Benchmark Helix's main pages: cold and warm renders, throughput, beside an older commit.

Run ``bench/run`` (this file through the project venv). For each checkout
measured (this one, and with ``--compare REF`` that commit too, in a temporary
git worktree, with the same harness) it

1. migrates a database of its own (``BENCH_DATABASE_URL``, default a SQLite file
   in /tmp per checkout) and loads the demo content;
2. measures each page in this process with Django's test client and production
   settings, median CPU ms (``time.process_time``) over ``--repeat`` requests:
   **cold**, every cache emptied before each request (Django's cache, content
   types), as a reader meets a page after a publish or one nobody opened lately;
   and **warm**, a reader the page cache serves; with the SQL queries of one
   request of each;
3. starts gunicorn with the production settings (DEBUG off) on 127.0.0.1, and
   a bare Django view (bench/floor.py) beside it, and drives every page with
   ``wrk`` for ``--seconds``: anonymous readers, so kept pages after the first;
4. prints one table per checkout, side by side.

The cache is the production one: Redis when ``REDIS_URL`` is set (give the
benchmark a database of its own, e.g. ``redis://127.0.0.1:6379/14``: the run
empties it first), else a fresh shared cache directory.

Only loopback traffic; every loop is bounded.
"""

import argparse
import json
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

HARNESS = Path(__file__).resolve().parents[1]
#: The checkout measured (``--root``): this one unless an older commit's worktree.
ROOT = HARNESS
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
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], cwd=ROOT, check=True, env=os.environ)


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


def empty_caches() -> None:
    """Every cache a reader's request could find warm: Django's, and the content types."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cache.clear()
    ContentType.objects.clear_cache()


def in_process(pages: dict[str, str], repeat: int) -> dict[str, dict[str, float]]:
    """Per page: median CPU ms and SQL queries, cold (every cache empty) and warm (kept)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.HELIX_PAGE_CACHE = True
    client = Client(HTTP_HOST="127.0.0.1")

    def sample(url: str, cold: bool) -> float:
        if cold:
            empty_caches()
        start = time.process_time()
        client.get(url)
        return (time.process_time() - start) * 1000

    def queries(url: str, cold: bool) -> int:
        if cold:
            empty_caches()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    results = {}
    for name, url in pages.items():
        for _ in range(3):  # imports, template loading: what any process pays once
            assert client.get(url).status_code == 200, url
        figures = {}
        for mode, cold in (("cold", True), ("warm", False)):
            client.get(url)
            figures[f"{mode} CPU ms"] = statistics.median(sample(url, cold) for _ in range(repeat))
            figures[f"{mode} queries"] = queries(url, cold)
        results[name] = figures
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


def gunicorn(app: str, port: int, workers: int, cwd: Path | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            "--config",
            str(HARNESS / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=cwd or ROOT,
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


COLUMNS = ("req/s", "p50 ms", "cold CPU ms", "cold queries", "warm CPU ms", "warm queries")


def measure(args) -> dict[str, dict[str, float]]:
    """Every figure for the checkout at ``ROOT``, by page."""
    os.environ.update(ENV)
    label = "this" if ROOT == HARNESS else ROOT.name
    os.environ.setdefault("DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", ""))
    if not os.environ["DATABASE_URL"]:
        os.environ["DATABASE_URL"] = f"sqlite:////tmp/helix-bench-{label}.sqlite3"
    os.environ.setdefault("STATIC_ROOT", f"/tmp/helix-bench-static-{label}")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    prepare_database()
    pages = main_pages()
    from django.core.cache import cache

    # No run starts from an earlier run's kept pages or fragments. With
    # REDIS_URL, give the benchmark a Redis database of its own: this empties it.
    cache.clear()
    figures = in_process(pages, args.repeat)
    if not args.skip_load:
        port, floor_port = free_port(), free_port()
        servers = [
            gunicorn("helix.wsgi:application", port, args.workers),
            gunicorn("bench.floor:application", floor_port, args.workers, cwd=HARNESS),
        ]
        try:
            wait_for(f"http://127.0.0.1:{port}/")
            wait_for(f"http://127.0.0.1:{floor_port}/")
            rps, p50, _ = drive(f"http://127.0.0.1:{floor_port}/", args.seconds, args.connections)
            figures["bare Django view"] = {"req/s": rps, "p50 ms": p50}
            for name, url in pages.items():
                rps, p50, _ = drive(f"http://127.0.0.1:{port}{url}", args.seconds, args.connections)
                figures[name].update({"req/s": rps, "p50 ms": p50})
        finally:
            for server in servers:
                stop(server)
    return figures


def other_checkout(ref: str, args) -> dict[str, dict[str, float]]:
    """The same harness on commit ``ref``, in a temporary worktree and its own process."""
    work = Path(tempfile.mkdtemp(prefix="helix-bench-"))
    tree = work / ref.replace("/", "-")[:12]
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), ref], cwd=HARNESS, check=True)
    try:
        out = work / "figures.json"
        command = [PYTHON, str(Path(__file__).resolve()), "--root", str(tree), "--json", str(out)]
        command += ["--seconds", str(args.seconds), "--connections", str(args.connections)]
        command += ["--repeat", str(args.repeat), "--workers", str(args.workers)]
        if args.skip_load:
            command.append("--skip-load")
        subprocess.run(command, check=True)
        return json.loads(out.read_text())
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=HARNESS)
        shutil.rmtree(work, ignore_errors=True)


def table(title: str, figures: dict[str, dict[str, float]]) -> list[str]:
    lines = [title, f"{'page':<18}" + "".join(f"{column:>14}" for column in COLUMNS)]
    for name, row in figures.items():
        cells = "".join(
            f"{row[column]:>14.1f}" if column in row else f"{'-':>14}" for column in COLUMNS
        )
        lines.append(f"{name:<18}{cells}")
    return lines


def main() -> None:
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk run per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=50, help="in-process samples per page")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--skip-load", action="store_true", help="in-process figures only")
    parser.add_argument("--compare", metavar="REF", help="also measure this commit, beside")
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)  # the checkout measured
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)  # figures for the parent
    args = parser.parse_args()
    if not shutil.which("wrk") and not args.skip_load:
        raise SystemExit("wrk is missing: apt-get install wrk")
    if args.root:
        ROOT = args.root.resolve()
    if args.json:
        args.json.write_text(json.dumps(measure(args)))
        return
    before = other_checkout(args.compare, args) if args.compare else None
    figures = measure(args)
    cache_name = "Redis" if os.environ.get("REDIS_URL") else "shared cache directory"
    print(
        f"\nHelix benchmark · {os.environ['DATABASE_URL'].split(':')[0]} · {cache_name} · "
        f"{args.workers} gunicorn workers · wrk {args.connections} connections, "
        f"{args.seconds} s · CPU median of {args.repeat}\n"
        "cold: every cache emptied before each request; warm: a reader the page cache serves\n"
    )
    if before is not None:
        print("\n".join(table(f"commit {args.compare}", before)) + "\n")
    print("\n".join(table("this checkout", figures)))


if __name__ == "__main__":
    main()
