"""Every body block renders the HTML a reader (and a screen reader) expects."""

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe

from wagtail.rich_text import RichText

from body.blocks import (
    BodyBlock,
    CallToActionBlock,
    HeadingBlock,
    ImageBlock,
    KeyFigureBlock,
    ParagraphBlock,
    PullQuoteBlock,
    TableBlock,
    body_with_anchors,
    reading_time,
    table_of_contents,
)
from sources.models import Source

pytestmark = pytest.mark.django_db


def render(block, raw, context=None):
    return block.render(block.to_python(raw), context)


def test_heading_renders_level_and_anchor(parse):
    soup = parse(render(HeadingBlock(), {"text": "Why it matters", "level": "h3"}))
    assert soup.find("h3")["id"] == "why-it-matters"
    assert soup.find("h3").get_text() == "Why it matters"
    soup = parse(
        render(HeadingBlock(), {"text": "Why it matters", "level": "h2"}, {"anchor": "x-2"})
    )
    assert soup.find("h2")["id"] == "x-2", "the page's unique anchor wins"


def test_heading_without_letters_still_gets_an_id(parse):
    assert parse(render(HeadingBlock(), {"text": "¿?", "level": "h2"})).h2["id"] == "section"


def test_paragraph_renders_rich_text(parse):
    soup = parse(ParagraphBlock().render(RichText("<p>Gene <b>therapy</b></p>")))
    assert soup.find("div", class_="block-paragraph").find("b").get_text() == "therapy"


def test_pull_quote_uses_blockquote_and_cite(parse):
    raw = {"quote": "Line one\nline <two>", "attribution": "John Rasko", "role": "Haematologist"}
    soup = parse(render(PullQuoteBlock(), raw))
    figure = soup.find("figure")
    assert figure.blockquote.find("br") is not None
    assert "line <two>" in figure.blockquote.get_text(), "text is escaped, not parsed"
    assert figure.figcaption.cite.get_text() == "John Rasko"
    assert "Haematologist" in figure.figcaption.get_text()


def test_pull_quote_without_attribution_has_no_caption(parse):
    soup = parse(render(PullQuoteBlock(), {"quote": "Q", "attribution": "", "role": ""}))
    assert soup.find("figcaption") is None


def test_key_figure_with_and_without_citation(parse):
    source = Source.objects.create(title="CAR-T in Spain", year=2022)
    soup = parse(
        render(
            KeyFigureBlock(),
            {"number": "1,859", "label": "CAR-T requests since 2018", "citation": source.pk},
        )
    )
    assert soup.find(class_="key-figure__number").get_text() == "1,859"
    caption = soup.find("figcaption")
    assert caption.get_text(strip=True).startswith("CAR-T requests since 2018")
    assert caption.find("a", class_="citation-marker") is not None
    soup = parse(render(KeyFigureBlock(), {"number": "85.5%", "label": "approved"}))
    assert soup.find("a", class_="citation-marker") is None


def test_image_renders_figure_with_alt_caption_and_credit(parse):
    image = wagtail_factories.ImageFactory(title="Lab bench")
    raw = {"image": image.pk, "alt_text": "", "caption": "A laboratory", "credit": "Helix"}
    soup = parse(render(ImageBlock(), raw))
    img = soup.find("figure").find("img")
    assert img["alt"] == "Lab bench", "the title stands in for missing alt text"
    assert img["width"] and img["height"]
    assert soup.find("figcaption").get_text(" ", strip=True) == "A laboratory Credit: Helix"


def test_table_has_caption_and_column_headers(parse):
    raw = {
        "caption": "CAR-T in Spain",
        "columns": [{"type": "text", "heading": "Measure"}, {"type": "number", "heading": "N"}],
        "rows": [{"values": ["Requests", "1859"]}],
    }
    soup = parse(render(TableBlock(), raw))
    assert soup.find("caption").get_text() == "CAR-T in Spain"
    assert [th["scope"] for th in soup.find_all("th")] == ["col", "col"]
    assert [td.get_text(strip=True) for td in soup.find_all("td")] == ["Requests", "1859"]


def test_embed_renders_provider_html_or_falls_back_to_a_link(parse, monkeypatch):
    block = BodyBlock().child_blocks["embed"]
    url = "https://video.example/watch?v=1"
    monkeypatch.setattr(
        "wagtail.embeds.blocks.embed_to_frontend_html",
        lambda *a: mark_safe('<iframe title="Talk"></iframe>'),  # as the real one returns
    )
    assert parse(block.render(block.to_python(url))).find("figure").iframe["title"] == "Talk"
    monkeypatch.setattr("wagtail.embeds.blocks.embed_to_frontend_html", lambda *a: "")
    assert parse(block.render(block.to_python(url))).find("figure").a["href"] == url


def test_call_to_action_links_to_page_or_url(parse, home):
    block = CallToActionBlock()
    raw = {"text": "Need help?", "link_label": "Contact us", "page": home.pk, "url": ""}
    assert parse(render(block, raw)).find("a", class_="button")["href"] == "/"
    raw = {"text": "Need help?", "link_label": "Write", "page": None, "url": "https://x.example/"}
    link = parse(render(block, raw)).find("a", class_="button")
    assert (link["href"], link.get_text()) == ("https://x.example/", "Write")


def test_call_to_action_needs_a_page_or_url():
    block = CallToActionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "Hi", "link_label": "Go", "page": None, "url": ""}))


def test_every_block_has_icon_template_and_renders_its_preview(parse):
    wagtail_factories.ImageFactory(title="Preview image")
    for name, block in BodyBlock().child_blocks.items():
        assert block.meta.icon and block.meta.icon != "placeholder", name
        assert block.meta.template.startswith("body/"), name
        assert block.get_preview_value(), f"{name} has no preview value"
        if name == "embed":
            continue  # its own preview template names the media (tested below)
        html = block.render(block.get_preview_value())
        assert parse(html).get_text(strip=True), f"{name} preview renders nothing"


def body_of(*items):
    return BodyBlock().to_python(
        [{"type": t, "value": v, "id": str(i)} for i, (t, v) in enumerate(items)]
    )


def test_table_of_contents_has_unique_anchors():
    body = body_of(
        ("heading", {"text": "Results", "level": "h2"}),
        ("paragraph", "<p>x</p>"),
        ("heading", {"text": "Results", "level": "h3"}),
        ("heading", {"text": "Results", "level": "h2"}),
    )
    toc = table_of_contents(body)
    assert [(e.anchor, e.level) for e in toc] == [("results", "h2"), ("results-3", "h2")]
    assert [(e.anchor, e.level) for e in toc[0].children] == [("results-2", "h3")]
    anchors = [anchor for _, anchor in body_with_anchors(body)]
    assert anchors == ["results", None, "results-2", "results-3"]


def test_table_of_contents_nests_sub_headings_under_their_section():
    body = body_of(
        ("heading", {"text": "Before any section", "level": "h3"}),
        ("heading", {"text": "One", "level": "h2"}),
        ("heading", {"text": "One a", "level": "h3"}),
        ("heading", {"text": "One b", "level": "h3"}),
        ("heading", {"text": "Two", "level": "h2"}),
    )
    toc = table_of_contents(body)
    assert [(e.text, [c.text for c in e.children]) for e in toc] == [
        ("Before any section", []),
        ("One", ["One a", "One b"]),
        ("Two", []),
    ]


def test_heading_anchors_avoid_the_ids_of_the_page_around_the_body():
    body = body_of(
        ("heading", {"text": "How it works", "level": "h2"}),
        ("heading", {"text": "References", "level": "h2"}),
        ("heading", {"text": "Comments", "level": "h2"}),
        ("heading", {"text": "Ref 1", "level": "h2"}),
    )
    anchors = [anchor for _, anchor in body_with_anchors(body, frozenset({"how-it-works"}))]
    assert anchors == ["how-it-works-2", "references-2", "comments-2", "section-ref-1"]


def test_reading_time_counts_words_from_every_block():
    assert reading_time(body_of()) == 1
    words = " ".join(["word"] * 500)
    body = body_of(
        ("paragraph", f"<p>{words}</p>"),
        ("pull_quote", {"quote": words, "attribution": "", "role": ""}),
    )
    assert reading_time(body) == 5  # 1,000 words at 220 a minute, rounded up


def test_embed_preview_names_the_media_without_fetching_it(monkeypatch):
    from django.template.loader import render_to_string

    from wagtail.embeds import embeds

    from body.blocks import BodyBlock

    def no_network(*args, **kwargs):
        raise AssertionError("the preview must not call the embed provider")

    monkeypatch.setattr(embeds, "get_embed", no_network)
    block = BodyBlock().child_blocks["embed"]
    value = block.get_preview_value()
    html = render_to_string(
        block.get_preview_template(value), {"bound_block": block.bind(value), "block_def": block}
    )
    link = BeautifulSoup(html, "html.parser").find("figure").find("a")
    assert link["href"] == value.url == "https://www.youtube.com/watch?v=gene-therapy-explained"
