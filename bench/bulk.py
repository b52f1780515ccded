"""Bulk writes for generated pages: treebeard's tree fields by hand, cheap search indexing."""

import random
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import F
from django.utils.text import slugify

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.index import SearchField


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


TAG = re.compile(r"<[^>]+>")


def block_text(blocks: list[dict]) -> str:
    """The words Wagtail's search would take from a body: headings, paragraphs, figures."""
    texts = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "paragraph":
            texts.append(TAG.sub(" ", value))
        elif block["type"] == "heading":
            texts += [value["text"], "Section (h2)"]
        elif block["type"] == "key_figure":
            texts += [value["number"], value["label"]]
    return ", ".join(texts)


@contextmanager
def bulk_indexing() -> Iterator[None]:
    """Make Wagtail's PostgreSQL search backend cheap for generated pages.

    Its indexer reads every search field five times per object (once per index
    column) and renders StreamFields with a query per body for the sources of key
    figures; it also recomputes the title norms of the whole index after each
    batch. Inside this block, fields that the generator already knows as text
    (``obj.search_texts``) are taken from there and each field is read once, and
    the norms are refreshed once at the end. Other backends are left as they are.
    """
    try:
        from modelsearch.backends.database.postgres import postgres
    except ImportError:  # pragma: no cover - the backend ships with Wagtail
        yield
        return

    class PreparedIndexer(postgres.ObjectIndexer):
        def prepare_field(self, obj, field):
            known = getattr(obj, "search_texts", {})
            if isinstance(field, SearchField) and field.field_name in known:
                yield (field, postgres.get_weight(field.boost), known[field.field_name])
                return
            memo = self.__dict__.setdefault("_memo", {})
            key = (id(obj), id(field))
            if key not in memo:
                memo[key] = list(super().prepare_field(obj, field))
            yield from memo[key]

    original_indexer = postgres.ObjectIndexer
    refresh = postgres.PostgresIndex._refresh_title_norms
    postgres.ObjectIndexer = PreparedIndexer
    postgres.PostgresIndex._refresh_title_norms = lambda self, full=False: None
    try:
        yield
    finally:
        postgres.ObjectIndexer = original_indexer
        postgres.PostgresIndex._refresh_title_norms = refresh
    backend = get_search_backend()
    if isinstance(backend, postgres.PostgresSearchBackend):
        backend.get_index_for_model(Page)._refresh_title_norms()


class PageAppender:
    """Appends children under one parent in bulk, writing treebeard's fields by hand.

    The next ``path`` step follows the parent's last existing child, so pages
    added by the admin or a previous run keep their places.
    """

    def __init__(self, parent: Page, model: type[Page]):
        self.parent = Page.objects.get(pk=parent.pk)
        self.model = model
        self.depth = self.parent.depth + 1
        last = (
            Page.objects.filter(path__startswith=self.parent.path, depth=self.depth)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        self.next_step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.locale_id = self.parent.locale_id or Locale.get_default().pk
        self.page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        self.own_fields = list(model._meta.local_concrete_fields)
        self.db = router.db_for_write(model)

    def slug(self, title: str, offset: int) -> str:
        """Unique among siblings: the tree position is part of it."""
        return f"{slugify(title)[:60].strip('-')}-{self.next_step + offset}"

    def append(self, pages: list[Page], rng: random.Random) -> None:
        for page in pages:
            step = self.next_step
            self.next_step += 1
            page.path = self.parent.path + Page._int2str(step).rjust(Page.steplen, "0")
            page.depth = self.depth
            page.numchild = 0
            page.url_path = f"{self.parent.url_path}{page.slug}/"
            page.draft_title = page.title
            page.content_type_id = self.content_type_id
            page.locale_id = self.locale_id
            page.translation_key = uuid.UUID(int=rng.getrandbits(128), version=4)
            page.live = True
            page.has_unpublished_changes = False
        rows = [
            Page(**{f.attname: getattr(page, f.attname) for f in self.page_fields})
            for page in pages
        ]
        Page.objects.bulk_create(rows)
        for page, row in zip(pages, rows, strict=True):
            page.pk = page.id = page.page_ptr_id = row.pk
        self.model._base_manager._insert(pages, fields=self.own_fields, using=self.db)
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + len(pages))
