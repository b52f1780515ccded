"""The layout holds: Helix's apps import each other one way, and ``helix/`` imports none.

The graph is built by grimp from the project's own modules (every import counts,
also those inside functions: a lazy import is still a dependency). An app is a
Django app whose package sits at the top of the project.
"""

import re
from pathlib import Path

import grimp
import pytest

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]

#: Imports that still point the wrong way, each to be removed (then delete its line:
#: the test fails while a listed import no longer exists, so this list only shrinks).
#: Every cycle through ``helix`` is the second test's business.
BACK_EDGES: dict[tuple[str, str], str] = {}


def project_apps() -> list[str]:
    return sorted(
        config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT
    )


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*project_apps(), include_external_packages=False)


def app_edges(graph: grimp.ImportGraph) -> set[tuple[str, str]]:
    names = project_apps()
    return {
        (importer, imported)
        for importer in names
        for imported in names
        if importer != imported
        and graph.direct_import_exists(importer=importer, imported=imported, as_packages=True)
    }


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected groups of more than one app (Tarjan)."""
    successors: dict[str, list[str]] = {}
    for importer, imported in sorted(edges):
        successors.setdefault(importer, []).append(imported)
        successors.setdefault(imported, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for nxt in successors[app]:
            if nxt not in index:
                visit(nxt)
                low[app] = min(low[app], low[nxt])
            elif nxt in stack:
                low[app] = min(low[app], index[nxt])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for app in sorted(successors):
        if app not in index:
            visit(app)
    return found


def imports_between(graph, importers: list[str], imported: list[str]) -> list[str]:
    """Module-level lines ``importer -> imported`` from any of ``importers`` to ``imported``."""
    patterns = ("{} -> {}", "{} -> {}.**", "{}.** -> {}", "{}.** -> {}.**")
    return sorted(
        {
            f"{line['importer']} -> {line['imported']}"
            for a in importers
            for b in imported
            if a != b
            for pattern in patterns
            for line in graph.find_matching_direct_imports(import_expression=pattern.format(a, b))
        }
    )


def test_apps_import_each_other_one_way(graph):
    edges = {edge for edge in app_edges(graph) if edge[0] != "helix"}
    gone = sorted(edge for edge in BACK_EDGES if edge not in edges)
    assert gone == [], f"no longer imported: delete these from BACK_EDGES: {gone}"
    remaining = cycles(edges - set(BACK_EDGES))
    details = [imports_between(graph, group, group) for group in remaining]
    assert remaining == [], f"app-level import cycles: {remaining}\n{details}"


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c"]]
    assert cycles({("a", "b"), ("b", "c")}) == []


def test_helix_imports_no_app(graph):
    others = [name for name in project_apps() if name != "helix"]
    assert imports_between(graph, ["helix"], others) == []


def documented_imports() -> dict[str, set[str]]:
    """The import table of docs/architecture.md: app to the Helix apps it imports."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    table = text.split("| app | imports |", 1)[1].split("\n\n", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        app = cells[0].strip("`")
        rows[app] = set(re.findall(r"`(\w+)`", cells[1].split("(")[0]))
    return rows


def test_the_architecture_page_shows_the_imports_as_they_are(graph):
    actual: dict[str, set[str]] = {name: set() for name in project_apps()}
    for importer, imported in app_edges(graph):
        actual[importer].add(imported)
    assert documented_imports() == actual
