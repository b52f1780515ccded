"""Which pages readers may open, as one SQL condition every listing shares.

Wagtail's ``PageQuerySet.public()`` first loads every view restriction into
Python, then filters: one extra query each time a listing asks, five or more
for a page that shows a menu, a pager and related pieces. ``open_to_readers()``
says the same thing (no view restriction on the page or above it) as a
correlated subquery inside the listing's own query. A test checks that it picks
exactly the pages ``public()`` does.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction


def open_to_readers() -> Q:
    """Pages with no view restriction on them or on any page above them."""
    restricted_above = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Q(Exists(restricted_above))
