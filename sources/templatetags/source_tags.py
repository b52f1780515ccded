"""Template helpers for citations outside rich text (key figure blocks)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def reference_for(context, source):
    """The page's Reference for ``source`` (number and warning), or None off a citing page."""
    page = context.get("page")
    references = getattr(page, "references", None)
    if source is None or not callable(references):
        return None
    return next((ref for ref in references() if ref.source.pk == source.pk), None)
