"""The "citation" rich-text entity: storage, editor conversion and front-end rendering.

Database format: ``<a linktype="citation" id="12" number="3" occurrence="1">[3]</a>``;
``number`` and ``occurrence`` are written by :func:`sources.citing.number_citations`.
"""

from draftjs_exporter.dom import DOM

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.html import format_html

from wagtail.admin.rich_text.converters.html_to_contentstate import LinkElementHandler
from wagtail.rich_text import LinkHandler

from sources.models import NoticeKind, Source

RETRACTED_IDS_KEY = "sources:retracted-ids"


def retracted_source_ids() -> set[int]:
    """Ids of retracted sources, cached so that markers cost no query per paragraph."""
    ids = cache.get(RETRACTED_IDS_KEY)
    if ids is None:
        ids = set(
            Source.objects.filter(notice_kind=NoticeKind.RETRACTION).values_list("pk", flat=True)
        )
        cache.set(RETRACTED_IDS_KEY, ids, None)
    return ids


@receiver(post_save, sender=Source)
@receiver(post_delete, sender=Source)
def forget_retracted_ids(**kwargs) -> None:
    cache.delete(RETRACTED_IDS_KEY)


class CitationLinkHandler(LinkHandler):
    identifier = "citation"

    @staticmethod
    def get_model():
        return Source

    @classmethod
    def expand_db_attributes(cls, attrs: dict) -> str:
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        retracted = retracted_source_ids()
        return [cls.marker_opening_tag(attrs, retracted) for attrs in attrs_list]

    @staticmethod
    def marker_opening_tag(attrs: dict, retracted: set[int]) -> str:
        number = attrs.get("number", "")
        occurrence = attrs.get("occurrence", "")
        warning = ""
        try:
            is_retracted = int(attrs.get("id", "")) in retracted
        except ValueError:
            is_retracted = False
        if is_retracted:
            warning = format_html(
                '<span class="citation-warning" role="note">{}</span> ', "Retracted source"
            )
        if not number:
            return format_html('{}<a class="citation-marker" href="#references">', warning)
        return format_html(
            '{}<a class="citation-marker{}" id="cite-{}-{}" href="#ref-{}" '
            'aria-label="Reference {}{}" role="doc-noteref">',
            warning,
            " citation-marker--retracted" if is_retracted else "",
            number,
            occurrence or "1",
            number,
            number,
            " (retracted)" if is_retracted else "",
        )

    @classmethod
    def extract_references(cls, attrs: dict):
        # Lets Wagtail's reference index (the snippet "Usage" view) see rich-text citations.
        if attrs.get("id", "").isdigit():
            yield Source, attrs["id"], "", ""


def citation_entity_decorator(props: dict):
    """Contentstate to database: the entity becomes an unnumbered citation link."""
    return DOM.create_element(
        "a", {"linktype": "citation", "id": props.get("id")}, props["children"]
    )


class CitationElementHandler(LinkElementHandler):
    """Database to contentstate: the editor shows the source's title in the tooltip."""

    def get_attribute_data(self, attrs: dict) -> dict:
        try:
            source_id = int(attrs["id"])
        except (KeyError, ValueError):
            return {}
        source = Source.objects.filter(pk=source_id).first()
        label = str(source) if source else "Missing source"
        return {"id": str(source_id), "label": label}


ContentstateCitationConversionRule = {
    "from_database_format": {'a[linktype="citation"]': CitationElementHandler("CITATION")},
    "to_database_format": {"entity_decorators": {"CITATION": citation_entity_decorator}},
}
