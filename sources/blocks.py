"""Blocks that choose a source from the library."""

from wagtail.snippets.blocks import SnippetChooserBlock


class SourceChooserBlock(SnippetChooserBlock):
    """A source from the library (Wagtail loads every one a body shows in one query)."""

    def __init__(self, **kwargs):
        super().__init__("sources.Source", **kwargs)
