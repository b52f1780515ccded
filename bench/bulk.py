"""Bulk writes for generated pages: treebeard's tree fields by hand, through public APIs."""

import random
import uuid
from collections.abc import Iterator, Sequence

from treebeard.exceptions import PathOverflow

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import F
from django.utils.text import slugify

from wagtail.models import Locale, Page


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def path_step(number: int) -> str:
    """Step ``number`` of a materialised path, as treebeard writes it.

    ``Page.steplen`` digits of ``Page.alphabet`` (4 base-36 characters in Wagtail):
    the ``path`` of a page is its parent's plus the step of its place among siblings.
    """
    alphabet, digits = Page.alphabet, []
    while number:
        number, digit = divmod(number, len(alphabet))
        digits.append(alphabet[digit])
    step = "".join(reversed(digits)).rjust(Page.steplen, alphabet[0])
    if len(step) > Page.steplen:
        raise PathOverflow(f"No room for step {step!r} of {Page.steplen} characters.")
    return step


def step_number(step: str) -> int:
    """The number ``path_step`` wrote as ``step``."""
    number = 0
    for character in step:
        number = number * len(Page.alphabet) + Page.alphabet.index(character)
    return number


def insert_own_rows(model, pages: Sequence) -> None:
    """Write the rows of ``model``'s own table for pages whose ``Page`` rows exist.

    ``bulk_create`` refuses multi-table models (it cannot return the parents'
    ids on every database), so the child table gets one ``executemany``; each
    value is prepared by its field, as a save would prepare it.
    """
    connection = connections[router.db_for_write(model)]
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join(["%s"] * len(fields))
    rows = [
        [field.get_db_prep_save(field.pre_save(page, True), connection) for field in fields]
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({values})", rows
        )


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
        self.next_step = step_number(last[-Page.steplen :]) + 1 if last else 1
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.locale_id = self.parent.locale_id or Locale.get_default().pk
        self.page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]

    def slug(self, title: str, offset: int) -> str:
        """Unique among siblings: the tree position is part of it."""
        return f"{slugify(title)[:60].strip('-')}-{self.next_step + offset}"

    def append(self, pages: list[Page], rng: random.Random) -> None:
        for page in pages:
            page.path = self.parent.path + path_step(self.next_step)
            self.next_step += 1
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
        insert_own_rows(self.model, pages)
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + len(pages))
