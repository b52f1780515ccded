"""Small builders the library tests share: citations as editors store them, publishing."""

from articles.models import ArticlePage
from sources.models import Source


def cite(source: Source, text: str = "[*]") -> str:
    """A citation entity as the editor stores it (before numbering)."""
    return f'<a linktype="citation" id="{source.pk}">{text}</a>'


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def key_figure(source: Source, number: str = "85%") -> dict:
    return {
        "type": "key_figure",
        "value": {"number": number, "label": "of requests approved", "citation": source.pk},
    }


def publish(page) -> ArticlePage:
    page.save_revision().publish()
    page.refresh_from_db()
    return page
