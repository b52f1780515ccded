"""Body blocks shared by articles and therapy profiles.

Each block renders through its own template in ``templates/blocks/`` and has a
``preview_value`` so the block picker can show it.
"""

from django.utils.text import slugify

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

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


class HeadingBlock(blocks.StructBlock):
    """A section heading; headings build the table of contents and anchors."""

    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (h2)"), ("h3", "Subsection (h3)")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Advances in gene therapy", "level": "h2"}
        description = "A section heading, listed in the table of contents."

    def anchor(self, value) -> str:
        return slugify(value["text"]) or "section"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
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
        template = "blocks/pull_quote_block.html"
        preview_value = {
            "quote": "After years of setbacks, gene therapy is finally delivering on its promise.",
            "attribution": "A clinical haematologist",
            "role": "",
        }


class KeyFigureBlock(blocks.StructBlock):
    """A headline number with its meaning and, ideally, its source."""

    number = blocks.CharBlock(max_length=40, help_text="E.g. 1,859 or 85.5%.")
    label = blocks.CharBlock(max_length=200, help_text="E.g. CAR-T requests since 2018.")
    citation = SnippetChooserBlock("sources.Source", required=False)

    class Meta:
        icon = "decimal"
        template = "blocks/key_figure_block.html"
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
        template = "blocks/image_block.html"


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
        template = "blocks/table_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, help_text="E.g. Do you need our help?")
    link_label = blocks.CharBlock(max_length=80, default="Contact us")
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")

    class Meta:
        icon = "link-external"
        template = "blocks/call_to_action_block.html"
        preview_value = {
            "text": "Questions about a gene therapy?",
            "link_label": "Contact us",
            "url": "https://example.org/contact",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            from django.core.exceptions import ValidationError

            from wagtail.blocks import StructBlockValidationError

            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Choose a page or enter a URL.")}
            )
        return value


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    pull_quote = PullQuoteBlock()
    key_figure = KeyFigureBlock()
    image = ImageBlock()
    table = TableBlock()
    embed = EmbedBlock(icon="media", template="blocks/embed_block.html")
    call_to_action = CallToActionBlock()


class KeyFiguresBlock(blocks.StreamBlock):
    """Only key figures: for a profile's "at a glance" panel."""

    key_figure = KeyFigureBlock()
