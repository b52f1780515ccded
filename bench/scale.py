"""Helix at scale: end-to-end p50/p95 of the main pages on a large PostgreSQL data set.

Run ``bench/scale`` (this file through the project venv). It

1. migrates ``BENCH_DATABASE_URL`` (PostgreSQL; required) and, when it holds
   fewer articles than asked, runs ``manage.py generate_scale_data`` with the
   sizes given here (defaults: the issue's 100,000 articles, 500 therapies,
   50,000 sources, 1,000,000 comments) and prints how long that took;
2. picks the pages to measure from the data (the busiest tag, the therapy with
   the most articles, the most-commented article, a deep page of the index);
3. counts the SQL queries of one request to each page and the median CPU time
   of ``--cpu-repeat`` more, in this process (page cache off, fragments warm);
4. starts gunicorn with the production settings (DEBUG off; bench/run.py's
   helpers) and requests each page ``--repeat`` times, one request at a time,
   timing each from the socket (urllib): end-to-end latency without queueing.
   Every request carries a cookie other than ``csrftoken``, so the page cache
   never answers: these are uncached figures. The moderation queue is
   requested with a superuser's session.

Only loopback traffic; every loop is bounded (``--repeat``, timeouts).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import ENV, PYTHON, free_port, gunicorn, manage, stop, wait_for  # noqa: E402

#: The issue's target for every page, uncached, at full scale.
TARGET_P95_MS = 150
#: Any cookie but csrftoken makes a request uncacheable (caching/middleware.py).
UNCACHED_COOKIE = "helix_bench=uncached"
#: A page slower than this is measured once, not ``--repeat`` times.
SLOW_SECONDS = 5


def generate_if_absent(args) -> float | None:
    """Seconds spent generating, or None when the data set is already there."""
    import django

    django.setup()
    from articles.models import ArticlePage

    if ArticlePage.objects.count() >= args.articles:
        return None
    start = time.perf_counter()
    subprocess.run(
        [
            PYTHON,
            "manage.py",
            "generate_scale_data",
            f"--articles={args.articles}",
            f"--therapies={args.therapies}",
            f"--sources={args.sources}",
            f"--comments={args.comments}",
            f"--seed={args.seed}",
        ],
        cwd=ROOT,
        check=True,
        env=os.environ,
        timeout=args.generate_timeout,
    )
    return time.perf_counter() - start


def pages_to_measure() -> dict[str, str]:
    """The URLs of the issue's pages, chosen from the data (busiest where it matters)."""
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import ArticleIndexPage, ArticlePage, ArticleTag
    from comments.models import Comment
    from therapies.models import TherapyPage

    index = ArticleIndexPage.objects.live().get()
    published = index.articles().count()
    deep = max(1, published // index.per_page // 2)
    tag_row = ArticleTag.objects.values("tag__slug").annotate(n=Count("pk")).order_by("-n").first()
    therapy_id = (
        TherapyPage.objects.live()
        .annotate(n=Count("article_links"))
        .order_by("-n")
        .values_list("pk", flat=True)
        .first()
    )
    therapy = TherapyPage.objects.get(pk=therapy_id)
    busiest = (
        Comment.objects.approved()
        .filter(page__in=ArticlePage.objects.live().values("pk"))
        .values("page_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    article = ArticlePage.objects.get(pk=busiest["page_id"]) if busiest else index.articles()[0]
    return {
        "article index p.1": index.url,
        f"article index p.{deep}": f"{index.url}?page={deep}",
        "tag listing": index.sub_url(None, "tag", tag_row["tag__slug"]),
        "tag page (all types)": reverse("tags:detail", args=[tag_row["tag__slug"]]),
        "articles feed": "/feeds/articles.rss",
        "therapy feed": f"/feeds/therapies/{therapy.slug}.rss",
        "search": "/search/?q=vector",
        "sources library": "/sources/",
        "article page": article.url,
        "therapy profile": therapy.url,
        "moderation queue": reverse("comment_moderation:list") + "?status=pending",
    }


def superuser_session() -> str:
    """A session cookie value for a superuser (the admin page), made without logging in."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin",
        defaults={"is_superuser": True, "is_staff": True, "email": "bench@example.com"},
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def in_process(
    pages: dict[str, str], admin_cookie: str, cpu_repeat: int
) -> dict[str, tuple[float, int]]:
    """Median CPU ms and SQL queries of an uncached request per page, after a warm-up one.

    CPU is ``time.process_time`` over ``cpu_repeat`` requests, as in bench/run.py.
    """
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.HELIX_PAGE_CACHE = False
    anonymous = Client(HTTP_HOST="127.0.0.1")
    admin = Client(HTTP_HOST="127.0.0.1")
    admin.cookies.load(admin_cookie)
    # Warm the per-process caches (site root paths, settings) once, not per page.
    anonymous.get("/")
    admin.get("/admin/")
    figures = {}
    for name, url in pages.items():
        client = admin if url.startswith("/admin/") else anonymous
        client.get(url)  # the shared fragments a returning reader finds (menu, cards, counts)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        count = len(queries)  # now: the next request empties the query log
        samples = []
        for _ in range(cpu_repeat):
            start = time.process_time()
            client.get(url)
            samples.append((time.process_time() - start) * 1000)
        figures[name] = (statistics.median(samples), count)
    return figures


def latencies(base: str, url: str, cookie: str, repeat: int) -> list[float]:
    """Milliseconds per request, sequential, after three warm-up requests.

    A page slower than ``SLOW_SECONDS`` is measured once (bounded run); one that
    does not answer within gunicorn's timeout counts as ``inf``.
    """
    request = urllib.request.Request(base + url, headers={"Cookie": cookie})
    samples = []
    for number in range(repeat + 3):
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                assert response.status == 200, url
        except (TimeoutError, urllib.error.URLError):
            return [float("inf")]
        elapsed = time.perf_counter() - start
        if elapsed > SLOW_SECONDS:
            return [elapsed * 1000]
        if number >= 3:
            samples.append(elapsed * 1000)
    return samples


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--therapies", type=int, default=500)
    parser.add_argument("--sources", type=int, default=50_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=40, help="timed requests per page")
    parser.add_argument(
        "--cpu-repeat", type=int, default=30, help="in-process requests per page for CPU"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--generate-timeout", type=int, default=3600, help="seconds")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="measure only the pages whose name contains TEXT (repeatable), e.g. --only search",
    )
    args = parser.parse_args()

    database = os.environ.get("BENCH_DATABASE_URL", "")
    if not database.startswith("postgres"):
        raise SystemExit("Set BENCH_DATABASE_URL to a PostgreSQL database (postgres://…).")
    os.environ.update(ENV)
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("STATIC_ROOT", "/tmp/helix-bench-static")
    os.chdir(ROOT)
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("load_demo_data")
    generated = generate_if_absent(args)

    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    pages = pages_to_measure()
    if args.only:
        chosen = [name for name in pages if any(part in name for part in args.only)]
        pages = {name: pages[name] for name in chosen}
    cookie = superuser_session()
    cpu_and_queries = in_process(pages, cookie, args.cpu_repeat)

    port = free_port()
    server = gunicorn("helix.wsgi:application", port, args.workers)
    figures: dict[str, tuple[float, float]] = {}
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        base = f"http://127.0.0.1:{port}"
        for name, url in pages.items():
            extra = f"; {cookie}" if url.startswith("/admin/") else ""
            print(f"measuring {name}: {url}", flush=True)
            samples = latencies(base, url, UNCACHED_COOKIE + extra, args.repeat)
            figures[name] = (statistics.median(samples), percentile(samples, 0.95))
    finally:
        stop(server)

    from articles.models import ArticlePage
    from comments.models import Comment
    from sources.models import Source
    from therapies.models import TherapyPage

    print(
        f"\nHelix at scale · PostgreSQL · {ArticlePage.objects.count():,} articles, "
        f"{TherapyPage.objects.count():,} therapies, {Source.objects.count():,} sources, "
        f"{Comment.objects.count():,} comments · site {site.hostname}"
    )
    if generated is not None:
        print(f"Generated the data set in {generated:.0f} s.")
    print(
        f"gunicorn {args.workers} workers, production settings, page cache bypassed; "
        f"{args.repeat} sequential requests per page after 3 warm-up\n"
    )
    print(
        f"{'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'queries':>8}"
        f"  target p95 < {TARGET_P95_MS}"
    )
    for name, url in pages.items():
        p50, p95 = figures[name]
        cpu, queries = cpu_and_queries[name]
        verdict = "ok" if p95 < TARGET_P95_MS else "SLOW"
        print(f"{name:<22} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f} {queries:>8}  {verdict}  {url}")


if __name__ == "__main__":
    main()
