"""Load the demo content in ``demo/content/*.json``: checked first, then one transaction.

The content is data: the home page and site settings (``site.json``), the
reference library (``sources.json``), the therapy directory
(``therapies.json``), articles with their sections and authors
(``articles.json``) and a comment thread (``comments.json``). Every file is
parsed and its cross-references checked before anything is written, so a broken
file is reported with its name and what is wrong and changes nothing; the
writes run in one transaction, so a failure half-way changes nothing either.
A second load finds what the first made and changes nothing.
"""

import json
import re
from pathlib import Path
from typing import IO

from django.db import transaction

CONTENT_DIR = Path(__file__).resolve().parent / "content"
PARTS = ("site", "sources", "therapies", "articles", "comments")

# Keys every record of a kind must have (optional keys are not listed).
REQUIRED = {
    "site": ("home", "site", "settings", "social_links"),
    "source": ("kind", "title", "year", "authors", "tags"),
    "condition": ("slug", "name", "tags"),
    "profile": (
        "slug", "title", "summary", "modality", "aim", "conditions", "approvals", "centres",
        "trials", "key_figures", "body", "further_reading", "tags",
    ),
    "section": ("slug", "name"),
    "author": ("slug", "name"),
    "article": ("slug", "title", "standfirst", "published", "section", "authors", "tags", "body"),
    "comment": ("key", "parent", "name", "email", "is_staff_reply", "status", "body"),
}  # fmt: skip
CITE = re.compile(r"\[cite:([a-z0-9-]+)\]")
PAGE = re.compile(r"\[page:([a-z0-9-]+)\|")


class DemoDataError(ValueError):
    """A demo data file is unreadable or refers to something that is not there."""


def read_content(directory: Path = CONTENT_DIR) -> dict[str, dict]:
    """Every data file, parsed and checked; raises ``DemoDataError`` naming the file."""
    content = {}
    for part in PARTS:
        path = directory / f"{part}.json"
        try:
            content[part] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DemoDataError(f"{path.name}: the file is missing from {directory}.") from None
        except json.JSONDecodeError as error:
            raise DemoDataError(
                f"{path.name}, line {error.lineno}, column {error.colno}: {error.msg}."
            ) from None
        if not isinstance(content[part], dict):
            raise DemoDataError(f"{path.name}: expected a JSON object at the top level.")
    _check(content)
    return content


def load(stdout: IO[str] | None = None, directory: Path = CONTENT_DIR) -> None:
    """Create whatever demo content is missing, all or nothing."""
    from demo import builders

    content = read_content(directory)
    refs = builders.Refs()
    with transaction.atomic():
        home = builders.site(content["site"])
        builders.sources(content["sources"], refs)
        index = builders.therapies(home, content["therapies"], refs)
        if stdout is not None:
            stdout.write(
                f"Therapies: {index.get_children().count()} profiles, "
                f"{len(content['therapies']['conditions'])} conditions."
            )
        builders.articles(home, content["articles"], refs, stdout=stdout)
        builders.comments(content["comments"], stdout=stdout)


def site_tree() -> tuple:
    """The home page and both index pages, made from the demo data when missing.

    For generators that fill the tree with their own content (``bench/``).
    """
    from articles.models import ArticleIndexPage
    from demo import builders
    from therapies.models import TherapyIndexPage

    content = read_content()
    home = builders.site(content["site"])
    articles = builders.index_page(home, ArticleIndexPage, content["articles"]["index"])
    therapies = builders.index_page(home, TherapyIndexPage, content["therapies"]["index"])
    return home, articles, therapies


def _need(record: object, kind: str, where: str) -> None:
    if not isinstance(record, dict):
        raise DemoDataError(f"{where}: expected an object, found {type(record).__name__}.")
    missing = [key for key in REQUIRED[kind] if key not in record]
    if missing:
        raise DemoDataError(f"{where}: missing {', '.join(repr(k) for k in missing)}.")


def _known(keys: list, known: set, what: str, where: str) -> None:
    unknown = [key for key in keys if key and key not in known]
    if unknown:
        raise DemoDataError(f"{where}: unknown {what} {', '.join(map(repr, unknown))}.")


def _check(content: dict[str, dict]) -> None:
    """Every required key present and every key that names another row known."""
    _need(content["site"], "site", "site.json")
    sources = content["sources"].get("sources")
    if not isinstance(sources, dict):
        raise DemoDataError("sources.json: expected an object 'sources' of source keys.")
    for key, record in sources.items():
        _need(record, "source", f"sources.json, source {key!r}")

    therapies = content["therapies"]
    conditions, pages = set(), {therapies.get("index", {}).get("slug")}
    for n, record in enumerate(therapies.get("conditions", [])):
        _need(record, "condition", f"therapies.json, condition {n + 1}")
        conditions.add(record["slug"])
    profiles = therapies.get("profiles", [])
    pages |= {p.get("slug") for p in profiles if isinstance(p, dict)}
    for n, record in enumerate(profiles):
        where = f"therapies.json, profile {record.get('slug', n + 1)!r}"
        _need(record, "profile", where)
        _known(record["conditions"], conditions, "condition", where)
        cited = [a.get("citation") for a in record["approvals"]]
        cited += [f.get("citation") for f in record["key_figures"]]
        _check_stream(record["body"], sources, pages, where, cited + record["further_reading"])

    articles = content["articles"]
    sections = {s.get("slug") for s in articles.get("sections", []) if isinstance(s, dict)}
    authors = {a.get("slug") for a in articles.get("authors", []) if isinstance(a, dict)}
    for kind in ("section", "author"):
        for n, record in enumerate(articles.get(f"{kind}s", [])):
            _need(record, kind, f"articles.json, {kind} {n + 1}")
    for n, record in enumerate(articles.get("articles", [])):
        where = f"articles.json, article {record.get('slug', n + 1)!r}"
        _need(record, "article", where)
        _known([record["section"]], sections, "section", where)
        reviewer = [record["reviewed"].get("by")] if "reviewed" in record else []
        _known(record["authors"] + reviewer, authors, "author", where)
        _known(record.get("therapies", []), pages, "therapy", where)
        cited = [b["value"].get("citation") for b in record["body"] if isinstance(b["value"], dict)]
        _check_stream(
            record["body"], sources, pages, where, cited + record.get("further_reading", [])
        )

    thread = content["comments"].get("thread", [])
    keys = set()
    for n, record in enumerate(thread):
        where = f"comments.json, comment {n + 1}"
        _need(record, "comment", where)
        _known([record["parent"]], keys, "parent (a parent comes before its replies)", where)
        keys.add(record["key"])


def _check_stream(blocks: list, sources: dict, pages: set, where: str, cited: list) -> None:
    for block in blocks:
        if not isinstance(block, dict) or "type" not in block or "value" not in block:
            raise DemoDataError(f"{where}: every body block needs a 'type' and a 'value'.")
        value = block["value"]
        if isinstance(value, str):
            cited = cited + CITE.findall(value)
            _known(PAGE.findall(value), pages, "page", where)
        elif isinstance(value, dict) and value.get("page"):
            _known([value["page"]], pages, "page", where)
    _known(cited, set(sources), "source", where)
