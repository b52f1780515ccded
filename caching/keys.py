"""The vocabulary of what a response shows, shared by pages, views, fragments and the proxy.

A key is a short string (it also travels in the ``xkey`` header to the proxy):

* ``page:<id>``: a page's own fields, whatever its type;
* ``under:<tree path>``: every page below a page (breadcrumbs, URLs: its title and slug);
* ``obj:<app.model>:<pk>``: one row that is not a page (a source, an author, an image);
* ``list:<app.model>``: the set of rows of a model, and for pages which are live:
  anything listing that model (an index, a tag page, a feed, counts);
* ``site``: the site frame every page shows (settings, the main menu, the sites).
"""

from django.db.models import Model

SITE = "site"


def page_key(page_or_id) -> str:
    return f"page:{getattr(page_or_id, 'pk', page_or_id)}"


def under_key(path: str) -> str:
    return f"under:{path}"


def label(model_or_instance) -> str:
    """``app.model`` of a model or row; a child of a multi-table model counts as its base."""
    return model_or_instance._meta.concrete_model._meta.label_lower


def object_key(model_or_instance, pk=None) -> str:
    return f"obj:{label(model_or_instance)}:{model_or_instance.pk if pk is None else pk}"


def listing_key(model_or_label) -> str:
    if isinstance(model_or_label, str):
        return f"list:{model_or_label.lower()}"
    return f"list:{label(model_or_label)}"


def row_key(instance: Model) -> str:
    """The key of a row: a page's page key, any other row's object key."""
    from wagtail.models import Page

    return page_key(instance) if isinstance(instance, Page) else object_key(instance)
