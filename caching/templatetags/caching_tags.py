"""Per-request values for templates whose output the page cache may keep (``placeholders.py``)."""

from django import template

from caching import placeholders

register = template.Library()


@register.simple_tag(takes_context=True)
def csp_nonce(context) -> str:
    """This response's CSP nonce, for ``<script nonce="…">`` and ``<style nonce="…">``."""
    return placeholders.value(context.get("request"), "csp_nonce")


@register.simple_tag(takes_context=True)
def placeholder(context, name: str, argument="") -> str:
    """Any registered per-request value, e.g. ``{% placeholder "comment_token" page.pk %}``."""
    return placeholders.value(context.get("request"), name, str(argument))
