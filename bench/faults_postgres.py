"""Restart PostgreSQL under load and count what readers (and commenters) saw.

Builds a throwaway PostgreSQL cluster of its own (never the shared server),
migrates Helix into it, serves it with gunicorn on 127.0.0.1 with the
production settings, then drives reads in a bounded loop while the cluster
is stopped for ``--outage`` seconds and started again. Reports requests ok /
503 / other and the seconds from PostgreSQL being back to the first good
page. With ``--post-page`` it also posts the comment form on that page, as
readers do (fetch the form, wait out its 3-second minimum, post as a new
reader each time), and checks that every post acknowledged with a 2xx
exists afterwards.

Run as root (the cluster runs as the ``postgres`` user through runuser):

    .venv/bin/python bench/faults_postgres.py
    .venv/bin/python bench/faults_postgres.py --post-page /articles/what-is-a-viral-vector/ \\
        --post-field name=Reader --verify-table reader_comments_comment --verify-column body
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def pg_bin(name: str) -> str:
    """A PostgreSQL server tool: on PATH, else in Debian's versioned folder."""
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise SystemExit(f"{name} not found: install the PostgreSQL server package.")


class Cluster:
    """A private PostgreSQL cluster in a temporary folder, owned by the postgres user."""

    def __init__(self, port: int, workdir: Path) -> None:
        self.port = port
        self.data = workdir / "pgdata"
        self.log = workdir / "postgres.log"
        self.workdir = workdir

    def as_postgres(self, *command: str) -> None:
        runuser = ["runuser", "-u", "postgres", "--"]
        subprocess.run([*runuser, *command], check=True, capture_output=True)

    def init(self) -> None:
        shutil.chown(self.workdir, "postgres")
        self.as_postgres(pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.workdir}"
        pg_ctl = [pg_bin("pg_ctl"), "-D", str(self.data)]
        self.as_postgres(*pg_ctl, "-o", options, "-l", str(self.log), "-w", "start")

    def stop(self) -> None:
        self.as_postgres(pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def psql(self, query: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "-d", database, "-At", "-c", query],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return result.stdout


class Load:
    """Reader (and poster) threads recording every outcome with a timestamp."""

    def __init__(self, base: str, paths: list[str], args: argparse.Namespace) -> None:
        self.base = base
        self.paths = paths
        self.args = args
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.results: list[tuple[float, str, str]] = []  # (time, kind, outcome)
        self.bad_503_pages = 0
        self.acknowledged: list[str] = []

    def record(self, kind: str, outcome: str) -> None:
        with self.lock:
            self.results.append((time.monotonic(), kind, outcome))

    def fetch(self, opener, url: str, data: bytes | None = None) -> tuple[str, str]:
        try:
            with opener.open(url, data=data, timeout=10) as response:
                return str(response.status), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            if error.code == 503 and not (
                error.headers.get("Retry-After") and "Back in a moment" in body
            ):
                with self.lock:
                    self.bad_503_pages += 1
            return str(error.code), body
        except (urllib.error.URLError, OSError) as error:
            return f"error:{type(getattr(error, 'reason', error)).__name__}", ""

    def reader(self, number: int) -> None:
        opener = urllib.request.build_opener()
        index = number
        while not self.stop.is_set():
            path = self.paths[index % len(self.paths)]
            index += 1
            status, _ = self.fetch(opener, self.base + path)
            self.record("read", status)
            time.sleep(self.args.pause)

    def fetch_form(self, page: str) -> tuple[str, dict[str, str], str]:
        """GET the page holding the form: status, its hidden fields, and the CSRF cookie.

        The CSRF cookie is read from ``Set-Cookie`` and sent back by hand: the
        production settings mark it ``Secure``, which a cookie jar keeps off
        this plain-HTTP loopback connection.
        """
        try:
            with urllib.request.urlopen(page, timeout=10) as response:
                html = response.read().decode("utf-8", "replace")
                cookies = response.headers.get_all("Set-Cookie") or []
                status = str(response.status)
        except urllib.error.HTTPError as error:
            return str(error.code), {}, ""
        except (urllib.error.URLError, OSError) as error:
            return f"error:{type(getattr(error, 'reason', error)).__name__}", {}, ""
        form = re.search(r"<form[^>]*data-comment-form[^>]*>.*?</form>", html, re.S) or re.search(
            r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S
        )
        if not form:
            return f"form-missing-{status}", {}, ""
        fields = dict(
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0))
        )
        action = re.search(r'action="([^"]+)"', form.group(0))
        if action and not self.args.post_url:
            fields["__action__"] = action.group(1)
        csrf = next(
            (c.split(";")[0] for c in cookies if c.startswith(("csrftoken=", "helix_csrftoken="))),
            "",
        )
        return status, fields, csrf

    def poster(self, number: int) -> None:
        """Fetch the form, wait out its minimum age, post once as a new reader; repeat.

        Every post comes from another address (``X-Forwarded-For``, trusted because
        the server runs with ``HELIX_CLIENT_IP_HEADER``, as behind our proxy) and
        another e-mail address, so the per-reader flood limits do not refuse it.
        """
        page = self.base + (self.args.post_page or self.args.post_url)
        serial = 0
        while not self.stop.is_set():
            status, hidden, csrf = self.fetch_form(page)
            if status != "200" or not hidden:
                self.record("post", f"form-{status}")
                time.sleep(self.args.pause)
                continue
            time.sleep(self.args.post_wait)  # a person takes a few seconds to type
            serial += 1
            marker = f"faultbench-{number}-{serial}-{secrets.token_hex(4)}"
            fields = dict(field.split("=", 1) for field in self.args.post_field)
            fields.update({k: v for k, v in hidden.items() if k != "__action__"})
            fields[self.args.post_marker_field] = marker
            fields["email"] = f"{marker}@example.org"
            url = self.base + (self.args.post_url or hidden.get("__action__", ""))
            request = urllib.request.Request(
                url,
                data=urllib.parse.urlencode(fields).encode(),
                headers={
                    "Referer": page,
                    "Cookie": csrf,
                    "Accept": "application/json",
                    "X-Forwarded-For": f"10.{number}.{serial // 250 % 250}.{serial % 250 + 1}",
                },
            )
            status, _ = self.fetch(urllib.request.build_opener(), request)
            if status.startswith("2"):
                with self.lock:
                    self.acknowledged.append(marker)
            self.record("post", status)

    def run(self) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self.reader, args=(n,), daemon=True)
            for n in range(self.args.readers)
        ]
        if self.args.post_url or self.args.post_page:
            threads += [
                threading.Thread(target=self.poster, args=(n,), daemon=True)
                for n in range(self.args.posters)
            ]
        for thread in threads:
            thread.start()
        return threads


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer 200 within {seconds} s")


def served(outcome: str) -> bool:
    """The site answered as it should: a page, a redirect or a 404 for a missing page."""
    return outcome.isdigit() and int(outcome) < 500


def summarise(load: Load, stopped_at: float, restarted_at: float) -> dict:
    counts = Counter()
    for _, kind, outcome in load.results:
        bucket = "ok" if served(outcome) else "503" if outcome == "503" else "other"
        counts[f"{kind}_{bucket}"] += 1
    others = Counter(
        outcome for _, _, outcome in load.results if not served(outcome) and outcome != "503"
    )
    first_ok_after = next(
        (t for t, _, outcome in load.results if t >= restarted_at and served(outcome)), None
    )
    failures = [t for t, _, outcome in load.results if not served(outcome) and t >= stopped_at]
    return {
        "requests": len(load.results),
        **dict(sorted(counts.items())),
        "other_outcomes": dict(others),
        "outage_seconds": round(restarted_at - stopped_at, 2),
        "seconds_to_recover_after_postgres_up": (
            round(first_ok_after - restarted_at, 2) if first_ok_after else None
        ),
        "last_failure_after_postgres_up": (
            round(failures[-1] - restarted_at, 2) if failures else None
        ),
        "failing_window_seconds": (round(failures[-1] - failures[0], 2) if failures else 0.0),
        "failures_after_recovery": sum(
            1
            for t, _, outcome in load.results
            if first_ok_after and t > first_ok_after + 1 and not served(outcome)
        ),  # fmt: skip
        "503_pages_without_retry_after_or_template": load.bad_503_pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-port", type=int, default=55432)
    parser.add_argument("--http-port", type=int, default=8765)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between requests")
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--outage", type=float, default=5.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--after", type=float, default=10.0, help="seconds of load after restart")
    parser.add_argument("--path", action="append", help="pages to read (default: / and a 404)")
    parser.add_argument("--post-url", help="URL the form posts to (default: the form's action)")
    parser.add_argument("--post-page", help="page holding the form (default: --post-url)")
    parser.add_argument("--posters", type=int, default=4, help="threads posting the form")
    parser.add_argument(
        "--post-wait", type=float, default=3.2, help="seconds between getting and posting the form"
    )
    parser.add_argument("--post-field", action="append", default=[], help="name=value")
    parser.add_argument("--post-marker-field", default="body")
    parser.add_argument("--verify-table", help="table holding posted rows")
    parser.add_argument("--verify-column", help="column holding the marker")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="helix-faults-"))
    cluster = Cluster(args.pg_port, workdir)
    gunicorn = None
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helix.settings.production",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{args.pg_port}/helix",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "CRITICAL"),
        # As behind our proxy: the client address comes from X-Forwarded-For.
        "HELIX_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
    }
    try:
        print(f"Cluster in {workdir} on 127.0.0.1:{args.pg_port}", flush=True)
        cluster.init()
        cluster.start()
        cluster.psql("CREATE DATABASE helix")
        setup = (["migrate", "--no-input"], ["collectstatic", "--no-input"], ["load_demo_data"])
        for command in setup:
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        gunicorn_log = (workdir / "gunicorn.log").open("w")
        gunicorn = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "helix.wsgi", "--bind", f"127.0.0.1:{args.http_port}",
             "--workers", str(args.workers), "--threads", "4", "--timeout", "30"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=gunicorn_log,
        )  # fmt: skip
        base = f"http://127.0.0.1:{args.http_port}"
        wait_for(base + "/", 120)
        load = Load(base, args.path or ["/", "/no-such-page/"], args)
        threads = load.run()
        time.sleep(args.warmup)
        stopped_at = time.monotonic()
        cluster.stop()
        print(f"PostgreSQL stopped; down for {args.outage} s", flush=True)
        time.sleep(args.outage)
        cluster.start()
        restarted_at = time.monotonic()
        print("PostgreSQL started again", flush=True)
        time.sleep(args.after)
        load.stop.set()
        for thread in threads:
            thread.join(timeout=15)
        report = summarise(load, stopped_at, restarted_at)
        if args.post_url or args.post_page:
            report["posts_acknowledged"] = len(load.acknowledged)
            if args.verify_table and args.verify_column:
                stored = set(
                    cluster.psql(
                        f"SELECT {args.verify_column} FROM {args.verify_table} "
                        f"WHERE {args.verify_column} LIKE 'faultbench-%'",
                        database="helix",
                    ).split()
                )
                report["acknowledged_posts_missing"] = len(set(load.acknowledged) - stored)
        print(json.dumps(report, indent=2))
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=15)
        with contextlib.suppress(subprocess.CalledProcessError):
            cluster.stop()  # unless already stopped, or never started
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
