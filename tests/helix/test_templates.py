"""Every page frames itself the same way: one breadcrumbs include, one pagination include,
and links that come from the URL map, never typed into a template."""

import re
from pathlib import Path

import pytest

from articles.factories import ArticlePageFactory, AuthorFactory
from sources.models import Source
from therapies.factories import ConditionFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
HARD_CODED_URL = re.compile(r"""\b(?:href|src|action)\s*=\s*["']/""")


def templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_no_template_types_a_site_url():
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in templates()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if HARD_CODED_URL.search(line)
    ]
    assert offenders == [], "use {% url %}, {% pageurl %} or {% slugurl %}"


@pytest.mark.parametrize("name", ["breadcrumbs", "pagination"])
def test_only_the_shared_include_writes_the_markup(name):
    markup = re.compile(rf"""class=["']{name}["']""")
    writers = [
        str(path.relative_to(TEMPLATES)) for path in templates() if markup.search(path.read_text())
    ]
    assert writers == [f"includes/{name}.html"]


def trail(soup) -> list[tuple[str, str | None]]:
    nav = soup.find("nav", class_="breadcrumbs")
    return [(li.get_text(strip=True), li.a["href"] if li.a else None) for li in nav.find_all("li")]


@pytest.mark.django_db
def test_views_and_pages_show_the_same_trail(client, home, parse):
    from articles.factories import ArticleIndexPageFactory

    index = ArticleIndexPageFactory(parent=home)
    author = AuthorFactory(name="Dr Ada", slug="ada")
    article = ArticlePageFactory(parent=index, title="Vectors", authors=[author])
    condition = ConditionFactory(name="Haemophilia")
    source = Source.objects.create(title="A study", year=2022, container_title="Blood")

    assert trail(parse(client.get(article.url))) == [
        ("Home", "/"),
        ("Articles", "/articles/"),
        ("Vectors", None),
    ]
    assert trail(parse(client.get("/authors/ada/"))) == [
        ("Home", "/"),
        ("Authors", "/authors/"),
        ("Dr Ada", None),
    ]
    assert trail(parse(client.get(condition.get_absolute_url()))) == [
        ("Home", "/"),
        ("Conditions", "/conditions/"),
        ("Haemophilia", None),
    ]
    assert trail(parse(client.get(source.get_absolute_url()))) == [
        ("Home", "/"),
        ("Reference library", "/sources/"),
        ("A study", None),
    ]
    assert parse(client.get("/")).find("nav", class_="breadcrumbs") is None
