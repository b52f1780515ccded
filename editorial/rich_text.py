"""The rich-text editor, safe when one process serves several requests at once.

Wagtail's Draftail widget converts stored HTML for the editor with one
``ContentstateConverter``, whose HTML parser keeps its state between ``feed()``
calls. The widget, and so the parser, is shared: Django's forms copy widgets
shallowly, and a StreamField's rich-text block keeps one widget for every
request. Two edit pages loading at once in threads (the demo's threaded server,
``GUNICORN_THREADS`` above 1) fed one parser two documents and answered 500
("Unmatched tags"). Here each thread converts with a converter of its own.
``WAGTAILADMIN_RICH_TEXT_EDITORS`` (helix/settings/base.py) selects this widget.
"""

import threading

from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter


class PerThreadConverter:
    """Wagtail's converter for the features given, one per thread."""

    def __init__(self, features):
        self.features = features
        self.local = threading.local()

    def converter(self) -> ContentstateConverter:
        converter = getattr(self.local, "converter", None)
        if converter is None:
            converter = self.local.converter = ContentstateConverter(self.features)
        return converter

    def from_database_format(self, html: str) -> str:
        return self.converter().from_database_format(html)

    def to_database_format(self, contentstate_json: str) -> str:
        return self.converter().to_database_format(contentstate_json)


class ThreadSafeDraftailRichTextArea(DraftailRichTextArea):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.converter = PerThreadConverter(self.features)
