"""What the HTML checker reads, checked fast on the richest pages (parsed HTML).

The slow conformance test (test_html_conformance.py) runs the Nu HTML Checker
over every page type; these catch the same mistakes without Java, with
messages that name the element.
"""

import re

import pytest

from tests.comments.conftest import form_data, post_url
from tests.helix.public_site import build_public_site, public_urls

pytestmark = pytest.mark.django_db

IDREF_ATTRIBUTES = ("aria-labelledby", "aria-describedby", "aria-controls", "for", "headers")
# HTML's valid date, month, or global date and time (to the millisecond at most).
DATETIME = re.compile(
    r"^\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?)?$"
)
RICH_PAGES = ("article", "therapy", "therapy-without-extras", "source", "condition")


@pytest.fixture
def site(home):
    return build_public_site(home)


@pytest.fixture
def soup_of(client, site, parse):
    urls = public_urls(site)

    def get(name):
        if name == "comment-refused":
            response = client.post(post_url(site.article), form_data(site.article, name=""))
            assert response.status_code == 400
        else:
            response = client.get(urls[name])
            assert response.status_code == 200
        return parse(response)

    return get


def id_problems(soup) -> list[str]:
    """Duplicate ids, and references (aria, label, table, same-page links) to missing ids."""
    problems = []
    ids = [element["id"] for element in soup.find_all(id=True)]
    problems += [f"duplicate id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    known = set(ids)
    for attribute in IDREF_ATTRIBUTES:
        for element in soup.find_all(attrs={attribute: True}):
            for ref in element[attribute].split() if attribute != "for" else [element[attribute]]:
                if ref not in known:
                    problems.append(f"<{element.name} {attribute}={ref!r}> points at no element")
    for link in soup.select('a[href^="#"]'):
        target = link["href"][1:]
        if target and target not in known:
            problems.append(f"link to #{target} leads nowhere")
    return problems


def test_ids_are_unique_and_every_reference_to_an_id_resolves(soup_of):
    problems = {name: id_problems(soup_of(name)) for name in [*RICH_PAGES, "comment-refused"]}
    assert {name: found for name, found in problems.items() if found} == {}


def test_a_profile_body_heading_named_like_a_profile_section_gets_its_own_id(soup_of):
    soup = soup_of("therapy")
    headings = [h for h in soup.find_all("h2") if h.get_text(strip=True) == "How it works"]
    assert [h["id"] for h in headings] == ["how-it-works", "how-it-works-2", "how-it-works-3"]
    # The facts section is still labelled by its own heading.
    assert soup.find("section", attrs={"aria-labelledby": "how-it-works"}).find("dl")


def test_the_comment_form_describes_its_fields_with_their_help_text(soup_of):
    soup = soup_of("article")
    email = soup.find("input", attrs={"name": "email"})
    help_text = soup.find(id=email["aria-describedby"])
    assert help_text.get_text() == "Your e-mail address will not be published."


def test_every_machine_readable_date_is_valid_html(soup_of):
    for name in ("article", "therapy", "article-index", "search", "tag"):
        values = [time["datetime"] for time in soup_of(name).find_all("time", datetime=True)]
        assert values, f"{name} shows dates"
        assert [value for value in values if not DATETIME.match(value)] == [], name


def test_the_references_section_is_the_bibliography_not_its_list(soup_of):
    soup = soup_of("article")
    assert [element.name for element in soup.select('[role="doc-bibliography"]')] == ["section"]
    assert soup.select_one("section.references ol.references__list li#ref-1")


def toc_lines(nav) -> list[str]:
    """The contents as a reader sees them numbered: 1, 1.1, 1.2, 2 (nested ordered lists)."""

    def walk(ol, prefix):
        lines = []
        for n, item in enumerate(ol.find_all("li", recursive=False), start=1):
            number = f"{prefix}{n}"
            lines.append(f"{number} {item.find('a', recursive=False).get_text()}")
            sub = item.find("ol", recursive=False)
            if sub is not None:
                lines += walk(sub, f"{number}.")
        return lines

    return walk(nav.find("ol", recursive=False), "")


def test_table_of_contents_nests_sub_headings_under_their_section(soup_of):
    nav = soup_of("article").find("nav", class_="toc")
    assert toc_lines(nav) == [
        "1 How it works",
        "1.1 Vectors",
        "1.2 Dosing",
        "2 How it works",
        "3 References",
        "4 Comments",
    ]
    soup = nav.find_parent("html")
    for link in nav.find_all("a"):
        assert soup.find(id=link["href"][1:]).name in {"h2", "h3"}, link["href"]
