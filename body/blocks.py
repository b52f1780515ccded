"""Body blocks shared by articles and therapy profiles.

Each block renders through its own template in ``templates/body/`` and has a
``preview_value`` so the block picker can show it. The helpers at the end read a
body as a whole: headings give the table of contents (with unique anchors) and
the words give the reading time.
"""

import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import slugify

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from sources.blocks import SourceChooserBlock

# Rich text everywhere in a body: "citation" cites a source from the library.
RICH_TEXT_FEATURES = [
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
    "superscript",
    "subscript",
    "citation",
]

# Words a reader gets through in a minute: the usual figure for non-fiction.
WORDS_PER_MINUTE = 220


class HeadingBlock(blocks.StructBlock):
    """A section heading; headings build the table of contents and anchors."""

    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (h2)"), ("h3", "Subsection (h3)")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "body/heading_block.html"
        preview_value = {"text": "Advances in gene therapy", "level": "h2"}
        description = "A section heading, listed in the table of contents."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The page passes a unique ``anchor``; alone, the heading slugifies itself.
        context["anchor"] = (
            (parent_context or {}).get("anchor") or slugify(value["text"]) or "section"
        )
        return context


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "body/paragraph_block.html"
        preview_value = (
            "<p>Gene therapy changes the genetic material inside a patient's cells "
            "to treat or prevent disease.</p>"
        )


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(max_length=200, required=False)
    role = blocks.CharBlock(
        max_length=200, required=False, help_text="The speaker's role, e.g. Clinical haematologist."
    )

    class Meta:
        icon = "openquote"
        template = "body/pull_quote_block.html"
        preview_value = {
            "quote": "After years of setbacks, gene therapy is finally delivering on its promise.",
            "attribution": "A clinical haematologist",
            "role": "",
        }


class KeyFigureBlock(blocks.StructBlock):
    """A headline number with its meaning and, ideally, its source."""

    number = blocks.CharBlock(max_length=40, help_text="E.g. 1,859 or 85.5%.")
    label = blocks.CharBlock(max_length=200, help_text="E.g. CAR-T requests since 2018.")
    citation = SourceChooserBlock(required=False)

    class Meta:
        icon = "decimal"
        template = "body/key_figure_block.html"
        preview_value = {"number": "85.5%", "label": "of CAR-T requests approved"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        required=False,
        help_text="Describe the image; the image title is used if empty.",
    )
    caption = blocks.CharBlock(max_length=300, required=False)
    credit = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "image"
        template = "body/image_block.html"
        description = "An image with its caption and credit."

    def get_preview_value(self):
        """Preview with the newest library image; there is no image to assume."""
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-created_at").first()
        if image is None:
            return self.get_default()
        return self.to_python(
            {"image": image.pk, "alt_text": "", "caption": image.title, "credit": ""}
        )


class TableBlock(TypedTableBlock):
    def __init__(self, **kwargs):
        super().__init__(
            [
                ("text", blocks.CharBlock()),
                ("number", blocks.DecimalBlock()),
                ("rich_text", blocks.RichTextBlock(features=["bold", "italic", "link"])),
            ],
            **kwargs,
        )

    class Meta:
        icon = "table"
        template = "body/table_block.html"
        preview_value = {
            "caption": "CAR-T requests in Spain",
            "columns": [
                {"type": "text", "heading": "Measure"},
                {"type": "text", "heading": "Value"},
            ],
            "rows": [
                {"values": ["Requests since 2018", "1,859"]},
                {"values": ["Approved", "85.5%"]},
            ],
        }


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, help_text="E.g. Do you need our help?")
    link_label = blocks.CharBlock(max_length=80, default="Contact us")
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")

    class Meta:
        icon = "link-external"
        template = "body/call_to_action_block.html"
        preview_value = {
            "text": "Questions about a gene therapy?",
            "link_label": "Contact us",
            "url": "https://example.org/contact",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Choose a page or enter a URL.")}
            )
        return value


class EmbeddedMediaBlock(EmbedBlock):
    """A video or other media from an oEmbed provider (YouTube, Vimeo…).

    Its preview shows the address without fetching it: the admin works offline.
    """

    class Meta:
        icon = "media"
        template = "body/embed_block.html"
        preview_value = "https://www.youtube.com/watch?v=gene-therapy-explained"
        preview_template = "body/previews/embed_block.html"
        description = "A video or other media from YouTube, Vimeo and other providers."


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    pull_quote = PullQuoteBlock()
    key_figure = KeyFigureBlock()
    image = ImageBlock()
    table = TableBlock()
    embed = EmbeddedMediaBlock()
    call_to_action = CallToActionBlock()


class KeyFiguresBlock(blocks.StreamBlock):
    """Only key figures: for a profile's "at a glance" panel."""

    key_figure = KeyFigureBlock()


# Reading a body as a whole ------------------------------------------------


#: Ids the page frame and the parts every citing, commentable page share (header,
#: references, comments). A heading never takes one: its anchor gets a suffix.
FRAME_IDS = frozenset(
    {
        "main",
        "site-search-q",
        "toc-title",
        "references",
        "references-title",
        "further-reading-title",
        "comments",
        "comments-title",
        "respond",
        "respond-title",
    }
)
#: Prefixes of generated ids (reference entries, citation markers, comments, form fields).
FRAME_ID_PREFIXES = ("ref-", "further-", "cite-", "comment-", "id_")


@dataclass(frozen=True)
class TocEntry:
    """One line of a table of contents: a heading, the id it links to, its sub-headings."""

    text: str
    anchor: str
    level: str
    children: tuple["TocEntry", ...] = ()


def heading_anchors(body, reserved: frozenset[str] = frozenset()) -> dict[str, str]:
    """Unique ids for the body's headings, keyed by block id.

    Two headings with the same text get "text" and "text-2", so every entry of
    the table of contents leads to its own heading; a heading whose text matches
    an id of the page around the body (``FRAME_IDS`` and ``reserved``, e.g. a
    profile's own "How it works" section) gets the next free suffix instead.
    """
    anchors: dict[str, str] = {}
    used: set[str] = set(FRAME_IDS | reserved)
    for child in body or []:
        if child.block_type != "heading":
            continue
        base = slugify(child.value["text"]) or "section"
        if base.startswith(FRAME_ID_PREFIXES):
            base = f"section-{base}"
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        anchors[child.id] = anchor
    return anchors


def table_of_contents(body, reserved: frozenset[str] = frozenset()) -> list[TocEntry]:
    """Sections (h2) with their sub-headings (h3) nested under them.

    Sub-headings before the first section stand at the top level: they still
    lead somewhere, and no section is invented for them.
    """
    anchors = heading_anchors(body, reserved)
    sections: list[tuple[TocEntry, list[TocEntry]]] = []
    for child in body or []:
        if child.block_type != "heading":
            continue
        entry = TocEntry(
            text=child.value["text"], anchor=anchors[child.id], level=child.value["level"]
        )
        if entry.level == "h3" and sections and sections[-1][0].level == "h2":
            sections[-1][1].append(entry)
        else:
            sections.append((entry, []))
    return [
        TocEntry(entry.text, entry.anchor, entry.level, tuple(children))
        for entry, children in sections
    ]


def body_with_anchors(body, reserved: frozenset[str] = frozenset()) -> list[tuple]:
    """``(block, anchor)`` pairs for a template loop; the anchor is None off headings."""
    anchors = heading_anchors(body, reserved)
    return [(child, anchors.get(child.id)) for child in body or []]


def word_count(body) -> int:
    """Words a reader reads in the body: text, headings, quotes, figures, tables."""
    words = 0
    for child in body or []:
        words += sum(
            len(strip_tags(str(text)).split())
            for text in child.block.get_searchable_content(child.value)
        )
    return words


def reading_time(body) -> int:
    """Minutes to read the body, rounded up, never less than one."""
    return max(1, math.ceil(word_count(body) / WORDS_PER_MINUTE))
