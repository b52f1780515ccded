"""Whatever editors type, every feed stays well-formed XML and nothing in it runs."""

import json
from xml.etree import ElementTree

import pytest

from articles.factories import ArticlePageFactory, AuthorFactory, SectionFactory
from therapies.factories import ConditionFactory, TherapyPageFactory

from .conftest import paragraph, read_feed

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # the hostile corpus

# No NUL here: PostgreSQL refuses to store it (and Django's form fields reject it).
HOSTILE_TITLE = "Gene <script>alert(1)</script> therapy ]]> 🧬 علاج جيني\x0b\x1f done"
HOSTILE_TEXT = "Sum ]]> & <b>bold</b> <script>steal()</script> 🧬 ריפוי גנטי\x0c\x08 end"
HOSTILE_BODY = (
    "<p>Body ]]> 🧬 עברית \x0b"
    '<a href="javascript:alert(1)">bad link</a> '
    '<img src="x" onerror="alert(2)">'
    "<script>alert(3)</script><style>p{}</style>"
    '<iframe src="https://evil.example"></iframe>'
    '<a href="/ok/" onclick="alert(4)">ok</a></p>'
)
NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


@pytest.fixture
def hostile(article_index, therapy_index):
    condition = ConditionFactory(name="Leuk\x0baemia ]]> <script>", slug="leukaemia")
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title="Therapy \x0b <script>x</script>",
        slug="car-t",
        conditions=[condition],
        approvals=[{"regulator": "EMA", "status": "approved", "indication": HOSTILE_TEXT}],
        revision=True,
    )
    return ArticlePageFactory(
        parent=article_index,
        title=HOSTILE_TITLE,
        standfirst=HOSTILE_TEXT,
        body=paragraph(HOSTILE_BODY),
        authors=[AuthorFactory(name="Ana \x0b<script>", slug="ana")],
        section=SectionFactory(name="Adv\x0bances ]]>", slug="advances"),
        tags=["tag\x0b<script>", "🧬"],
        therapies=[therapy],
        revision=True,
    )


FEEDS = [
    "/feeds/articles.{fmt}",
    "/feeds/sections/advances.{fmt}",
    "/feeds/authors/ana.{fmt}",
    "/feeds/therapies/car-t.{fmt}",
    "/feeds/conditions/leukaemia.{fmt}",
]


def html_fields(content: bytes, fmt: str) -> list[str]:
    """The strings a reader renders as HTML: descriptions, summaries and content.

    JSON Feed's summaries are plain text, which a reader never renders as HTML.
    """
    if fmt == "json":
        return [
            item["content_html"] for item in json.loads(content)["items"] if "content_html" in item
        ]
    root = ElementTree.fromstring(content)  # raises if not well-formed
    if fmt == "rss":
        # Titles are plain text in RSS and Atom (tests/feeds/test_reader_text.py).
        paths = [".//item/description", ".//item/content:encoded"]
    else:
        paths = [".//atom:entry/atom:summary", ".//atom:entry/atom:content"]
    return [el.text or "" for path in paths for el in root.findall(path, NAMESPACES)]


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_hostile_content_stays_well_formed_and_inert(client, hostile, fmt):
    for url in FEEDS:
        response = client.get(url.format(fmt=fmt))
        assert response.status_code == 200, url
        assert not read_feed(response).bozo, url  # a JSON feed is checked against JSON Feed 1.1
        fields = html_fields(response.content, fmt)
        assert fields, url
        for html in fields:
            lowered = html.lower()
            assert "<script" not in lowered and "<iframe" not in lowered, url
            assert "<style" not in lowered, url
            assert "onerror" not in lowered and "onclick" not in lowered, url
            assert "javascript:" not in lowered, url


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_hostile_text_survives_minus_control_characters(fetch_feed, hostile, fmt):
    entry = fetch_feed(f"/feeds/articles.{fmt}").entries[0]
    # Titles are plain text in every format: the markup is the text that was typed.
    assert entry.title == "Gene <script>alert(1)</script> therapy ]]> 🧬 علاج جيني done"
    if fmt == "json":  # JSON Feed's summary is plain text too
        assert entry.summary == "Sum ]]> & <b>bold</b> <script>steal()</script> 🧬 ריפוי גנטי end"
    else:  # RSS and Atom carry it as HTML: the text, escaped once
        assert "]]&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in entry.summary
        assert "ריפוי גנטי end" in entry.summary
    content = entry.content[0].value
    assert "Body ]]&gt; 🧬 עברית" in content
    assert '<a href="http://testserver/ok/" rel="noopener noreferrer">ok</a>' in content
    assert {tag.term for tag in entry.tags} == {"Advances ]]>", "tag<script>", "🧬"}
    assert [author.name for author in entry.authors] == ["Ana <script>"]
