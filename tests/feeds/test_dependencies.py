"""The feeds and seo apps sit above the content apps: none of those imports them."""

import ast
from pathlib import Path

from django.conf import settings

CONTENT_APPS = ("helix", "articles", "therapies", "sources", "comments", "search", "api")


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_content_app_imports_feeds_or_seo():
    root = Path(settings.BASE_DIR)
    offenders = [
        str(path.relative_to(root))
        for app in CONTENT_APPS
        for path in sorted((root / app).rglob("*.py"))
        if imported_top_levels(path) & {"feeds", "seo"}
    ]
    assert offenders == []
