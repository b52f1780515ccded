"""Helix stands on public APIs only (issue 16): no private name of Django, Wagtail, taggit,
modelsearch or any other library, in the project's Python (tests included) or templates.

Two rules, both reported as ``file:line``:

1. **Named**: the private names and internals Helix once relied on (``PRIVATE_NAMES``)
   may not appear anywhere, not even in a comment: a mention is usually a use.
2. **Generic** (Python, by ``ast``): ``obj._name`` (one leading underscore, not a
   dunder) and ``getattr``/``hasattr``/``setattr``/``delattr(obj, "_name")`` are
   offences unless ``obj`` is the project's own: ``self``, ``cls``, or a name the
   module binds to project code (a class it defines, or a name it imports from a
   project package). A few documented Django attributes merely start with an
   underscore and are public (``DOCUMENTED``); ``_`` is the gettext alias.

A static rule cannot see what a project class inherits: ``self._x`` in a subclass
of a Wagtail class passes rule 2, which is why the library names such code could
reach are listed in rule 1.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Files that still offend, each to be fixed (then delete its line: the test fails
#: while a listed file no longer offends, so this set only shrinks).
KNOWN_OFFENDERS: dict[str, str] = {}

#: Rule 1: private names of Django, Wagtail, taggit, modelsearch and treebeard, Django's
#: CSRF internals and signal we chose not to lean on, and two monkeypatches.
PRIVATE_NAMES = [
    "_to_struct_value",
    "_stream_field",
    "_parse_tags",
    "_get_dynamic_attr",
    "_prefetch_blocks",
    "_refresh_title_norms",
    "_str2int",
    "_insert",
    "_wagtail_site",
    "_wagtail_route_for_request",
    "_get_raw_host",
    "fields_cache",
    # modelsearch's query compiler is its internal machinery, not an API it documents.
    "query_compiler",
    "build_tsquery",
    "_prefetched_objects_cache",
    "_result_cache",
    "CSRF_COOKIE_NEEDS_UPDATE",
    "fast_csrf_token",
    "post_init",
    "PageQuerySet.private_q =",
    "Page.get_view_restrictions =",
    "_csp_nonce",
]
NAMED = re.compile(
    "|".join(
        rf"\b{re.escape(name)}" + (r"\b" if name[-1].isalnum() or name[-1] == "_" else "")
        for name in PRIVATE_NAMES
    )
)

#: Rule 2's public exceptions: Django documents these as the API they look private in
#: (the Model ``_meta`` API; ``Model._default_manager`` and ``_base_manager``).
DOCUMENTED = {"_", "_meta", "_default_manager", "_base_manager"}
ATTRIBUTE_FUNCTIONS = {"getattr", "hasattr", "setattr", "delattr"}
SKIPPED_DIRECTORIES = {"migrations", "node_modules", "__pycache__"}


def project_files(pattern: str) -> list[Path]:
    """Files matching ``pattern`` outside hidden folders (``.venv``, ``.git``) and migrations."""
    tops = [path for path in ROOT.iterdir() if path.is_dir() and not path.name.startswith(".")]
    found = [path for path in ROOT.glob(pattern) if path.is_file()]
    found += [path for top in tops for path in top.rglob(pattern) if path.is_file()]
    return sorted(
        path
        for path in found
        if not any(
            part.startswith(".") or part in SKIPPED_DIRECTORIES
            for part in path.relative_to(ROOT).parts[:-1]
        )
    )


def python_files() -> list[Path]:
    """Every project module but this one (which names what it looks for)."""
    return [path for path in project_files("*.py") if path != Path(__file__).resolve()]


def template_files() -> list[Path]:
    return [path for path in project_files("*") if "templates" in path.parts]


PROJECT_PACKAGES = {
    path.parent.name for path in ROOT.glob("*/__init__.py") if not path.parent.name.startswith(".")
}


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in DOCUMENTED


def project_names(tree: ast.Module) -> set[str]:
    """``self``, ``cls``, the classes the module defines and what it imports from Helix."""
    names = {"self", "cls"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level or (node.module or "").split(".")[0] in PROJECT_PACKAGES:
                names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PROJECT_PACKAGES:
                    names.add(alias.asname or alias.name.split(".")[0])
    return names


def generic_offences(source: str) -> list[tuple[int, str]]:
    """Rule 2: (line, what) for each private name reached on something not Helix's own."""
    tree = ast.parse(source)
    ours = project_names(tree)

    def owned(node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and node.id in ours

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr) and not owned(node.value):
            found.append((node.lineno, f"{ast.unparse(node.value)}.{node.attr}"))
        elif (
            isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Name) and node.func.id in ATTRIBUTE_FUNCTIONS)
                # monkeypatch.setattr(obj, "_name", ...) and its kind
                or (isinstance(node.func, ast.Attribute) and node.func.attr in ATTRIBUTE_FUNCTIONS)
            )
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and is_private(node.args[1].value)
            and not owned(node.args[0])
        ):
            found.append((node.lineno, f"{ast.unparse(node.func)}(..., {node.args[1].value!r})"))
    return found


def named_offences(source: str) -> list[tuple[int, str]]:
    """Rule 1: (line, name) for each listed name, in code, comments and templates alike."""
    return [
        (number, match.group())
        for number, line in enumerate(source.splitlines(), 1)
        for match in NAMED.finditer(line)
    ]


def offences() -> dict[str, list[str]]:
    """Every offence, by file relative to the project: ``file:line: what``."""
    found: dict[str, list[str]] = {}
    for path in python_files() + template_files():
        source = path.read_text(encoding="utf-8")
        hits = named_offences(source)
        if path.suffix == ".py":
            hits += generic_offences(source)
        name = path.relative_to(ROOT).as_posix()
        for number, what in sorted(set(hits)):
            found.setdefault(name, []).append(f"{name}:{number}: {what}")
    return found


def test_no_project_file_uses_a_private_name_of_a_library():
    unexpected = [
        line for name, lines in offences().items() if name not in KNOWN_OFFENDERS for line in lines
    ]
    for line in unexpected:
        print(line)
    assert unexpected == [], "private names in use:\n" + "\n".join(unexpected)


def test_known_offenders_still_offend():
    """A listed file that has been fixed leaves the list, so the list only shrinks."""
    found = offences()
    assert sorted(name for name in KNOWN_OFFENDERS if name not in found) == []


def test_the_rules_catch_what_they_are_meant_to_catch():
    """Each kind of offence is found, and the project's own private names are not."""
    source = """
from django.db import models
from wagtail.models import Page
from helix import routing
from .cards import Card


class Local(models.Model):
    def save(self, *args, **kwargs):
        self._dirty = True
        return super()._do_update()


def use(page, request, monkeypatch):
    Page._str2int("0001")
    page._state.adding
    getattr(request, "_cached_user", None)
    monkeypatch.setattr(Page, "_private", None)
    Local._helper, Card._render, routing._route(request)
    page._meta.label, page._default_manager, _("Text"), request.__class__
"""
    assert sorted(generic_offences(source)) == [
        (11, "super()._do_update"),
        (15, "Page._str2int"),
        (16, "page._state"),
        (17, "getattr(..., '_cached_user')"),
        (18, "monkeypatch.setattr(..., '_private')"),
    ]
    text = "\n".join(
        [
            "x._insert(rows)",
            "bulk_insert(rows)",
            "{{ o.fields_cache }}",
            "Page.get_view_restrictions = f",
        ]
    )
    assert [number for number, _ in named_offences(text)] == [1, 3, 4]
