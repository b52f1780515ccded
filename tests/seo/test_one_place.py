"""JSON-LD is built in one place (seo/schema_org.py) and printed by one tag (seo_tags)."""

from pathlib import Path

from django.conf import settings

SKIP = {".venv", "node_modules", "staticfiles", "media", "tests", "bench"}


def project_files():
    root = Path(settings.BASE_DIR)
    for path in root.rglob("*"):
        parts = set(path.relative_to(root).parts)
        if path.suffix in {".py", ".html"} and not parts & SKIP:
            yield root, path


def test_only_the_seo_app_writes_json_ld_script_elements():
    writers = [
        str(path.relative_to(root))
        for root, path in project_files()
        if "application/ld+json" in path.read_text(encoding="utf-8")
    ]
    assert writers == ["seo/templatetags/seo_tags.py"]


def test_only_seo_schema_org_names_schema_org_context():
    builders = [
        str(path.relative_to(root))
        for root, path in project_files()
        if '"@context": "https://schema.org"' in path.read_text(encoding="utf-8")
    ]
    assert builders == ["seo/schema_org.py"]
