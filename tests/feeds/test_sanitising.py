"""The sanitising helpers on their own: what XML 1.0 and feed readers can take."""

import pytest

from feeds.entries import sanitise_html
from feeds.generators import xml_safe

BASE = "https://helix.example/articles/one/"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x00b\x08c\x0bd\x0ce\x1ff", "abcdef"),
        ("tab\tnewline\ncr\r", "tab\tnewline\ncr\r"),
        ("lone \ud800 surrogate \ufffe\uffff", "lone  surrogate "),
        ("]]> 🧬 علاج جيني ריפוי", "]]> 🧬 علاج جيني ריפוי"),
        (None, None),
    ],
)
def test_xml_safe_drops_only_what_xml_forbids(raw, clean):
    assert xml_safe(raw) == clean


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/therapies/">t</a>', '<a href="https://helix.example/therapies/"'),
        ('<a href="#references">r</a>', 'href="https://helix.example/articles/one/#references"'),
        ('<img src="/media/x.jpg" alt="x">', 'src="https://helix.example/media/x.jpg"'),
        ('<a href="https://other.example/">o</a>', 'href="https://other.example/"'),
        ('<a href="mailto:desk@helix.example">m</a>', 'href="mailto:desk@helix.example"'),
        ('<p dir="rtl" lang="he">עברית</p>', '<p dir="rtl" lang="he">עברית</p>'),
    ],
)
def test_sanitise_html_makes_urls_absolute_and_keeps_text(html, expected):
    assert expected in sanitise_html(html, base=BASE)


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_sanitise_html_removes_anything_that_runs(html):
    cleaned = sanitise_html(html, base=BASE).lower()
    for danger in ("<script", "onerror", "javascript:", "data:", "<iframe", "<style", "onload"):
        assert danger not in cleaned
