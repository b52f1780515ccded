"""``{% csrf_token %}`` through the placeholders (``placeholders.py``).

Django's own ``csrf`` context processor gives templates the token itself; this
one, listed after it, gives the placeholder while the page cache renders a page
it may keep, so every ``{% csrf_token %}`` (Helix's comment form, Wagtail's
password form for a restricted page) carries each reader's own token.
"""

from django.utils.functional import SimpleLazyObject

from . import placeholders


def csrf(request) -> dict:
    return {"csrf_token": SimpleLazyObject(lambda: placeholders.value(request, "csrf_token"))}
