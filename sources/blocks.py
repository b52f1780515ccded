"""Blocks that choose a source from the library."""

import copy

from wagtail.snippets.blocks import SnippetChooserBlock

from helix.request_memo import loaded_instances


class SourceChooserBlock(SnippetChooserBlock):
    """A source; reuses the ones the page's references loaded in this request.

    A page builds its references (every cited source, one query) before its body
    renders, so a key figure citing one of them costs no query of its own.
    """

    def __init__(self, **kwargs):
        super().__init__("sources.Source", **kwargs)

    def bulk_to_python(self, values):
        known = loaded_instances(self.model_class)
        if not known:
            return super().bulk_to_python(values)
        missing = [pk for pk in values if pk is not None and pk not in known]
        fetched = dict(zip(missing, super().bulk_to_python(missing), strict=True))
        # Each block gets its own copy, as Wagtail's bulk_to_python does for repeats.
        return [copy.copy(known[pk]) if pk in known else fetched.get(pk) for pk in values]
