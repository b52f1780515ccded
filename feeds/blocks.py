"""Load the StreamField bodies of a whole feed at once, reusing what is already loaded.

Wagtail turns a stored body into block values lazily, one page at a time: a key
figure's cited source, an image block's image or a call to action's page is
fetched with one query per page by the lazy ``StreamValue``, so a feed of
twenty articles paid up to twenty queries more for the same kind of object.

``prefetch_streams`` converts the bodies of every item in one pass, one query
per chooser across the whole feed, and none for the models passed in ``known``:
the feed has already loaded every cited source to format the references
(``sources.citing.prefetch_references`` walks key figures too), so the key
figures take theirs from there. Values are converted exactly as Wagtail would
(``bulk_to_python``), so the body renders the same HTML.

Public block APIs only: the stored stream is read through ``StreamValue.raw_data``,
a struct value is made by ``StructBlock.normalize``, a stream value by
``StreamValue(...)``, and the result is assigned to the page's field, which
passes it through ``StreamField.to_python`` as loading from the database does.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Model

from wagtail import blocks
from wagtail.blocks.stream_block import StreamValue

#: Objects a feed already holds, by model, then primary key.
Known = dict[type[Model], dict[int, Model]]


def _chooser_from_known(block: blocks.ChooserBlock, values: Sequence, known: Known) -> list | None:
    """A chooser's values from ``known``, as ``ChooserBlock.bulk_to_python`` would give them.

    None when some id is not known (e.g. a source deleted since): then the block
    fetches as usual, so a missing object renders exactly as on the page.
    """
    objects = known.get(block.model_class)
    if objects is None or any(value is not None and value not in objects for value in values):
        return None
    seen, result = set(), []
    for value in values:
        obj = objects.get(value) if value is not None else None
        if obj is not None and value in seen:
            obj = copy.copy(obj)  # Wagtail gives each occurrence its own instance
        result.append(obj)
        seen.add(value)
    return result


def bulk_to_python(block: blocks.Block, values: Sequence, known: Known) -> list:
    """``block.bulk_to_python(values)``, answering choosers of ``known`` models from memory."""
    if isinstance(block, blocks.ChooserBlock):
        found = _chooser_from_known(block, values, known)
        return found if found is not None else block.bulk_to_python(values)
    # Only blocks that keep Wagtail's own conversion: an override is respected.
    conversion = type(block).bulk_to_python
    if conversion is blocks.StructBlock.bulk_to_python:
        return _struct_to_python(block, values, known)
    if conversion is blocks.StreamBlock.bulk_to_python:
        return _streams_to_python(block, values, known)
    return block.bulk_to_python(values)


def _struct_to_python(block: blocks.StructBlock, values: Sequence[dict], known: Known) -> list:
    """``StructBlock.bulk_to_python``, recursing through :func:`bulk_to_python`."""
    by_name = {}
    for name, child in block.child_blocks.items():
        present = [index for index, value in enumerate(values) if name in value]
        raw = [values[index][name] for index in present]
        converted = dict(zip(present, bulk_to_python(child, raw, known), strict=True))
        by_name[name] = [
            converted[index] if index in converted else child.get_default()
            for index in range(len(values))
        ]
    # ``normalize`` builds the block's own value class from already-native children.
    return [
        block.normalize({name: by_name[name][index] for name in block.child_blocks})
        for index in range(len(values))
    ]


def _streams_to_python(
    block: blocks.StreamBlock, streams: Sequence[list[dict]], known: Known
) -> list[StreamValue]:
    """``StreamBlock.bulk_to_python``: every stream's children of one type converted together."""
    inputs: dict[str, list] = defaultdict(list)
    maps = []
    for stream in streams:
        block_map = []
        for item in stream:
            kind = item["type"]
            if kind not in block.child_blocks:
                continue  # an unknown type is skipped, as Wagtail does
            block_map.append((kind, item.get("id"), len(inputs[kind])))
            inputs[kind].append(item["value"])
        maps.append(block_map)
    outputs = {
        kind: bulk_to_python(block.child_blocks[kind], raw, known) for kind, raw in inputs.items()
    }
    return [
        StreamValue(
            block,
            [(kind, outputs[kind][index], block_id) for kind, block_id, index in block_map],
            is_lazy=False,
        )
        for block_map in maps
    ]


def _unconverted(page: Model, field_name: str) -> bool:
    """True when the page holds its stream as loaded, its blocks not converted yet."""
    if field_name in page.get_deferred_fields():
        return False  # not loaded: reading it would cost a query per page
    value = getattr(page, field_name)
    return isinstance(value, StreamValue) and value.is_lazy and value.raw_text is None


def prefetch_streams(pages: Iterable[Model], field_name: str, known: Known | None = None) -> None:
    """Convert ``field_name`` of every page in one pass (see the module docstring).

    Pages whose value is not a lazy StreamValue straight from the database (a
    deferred field, a value set in code) are left alone.
    """
    pages = [page for page in pages if _unconverted(page, field_name)]
    by_field: dict = defaultdict(list)
    for page in pages:
        by_field[type(page)._meta.get_field(field_name)].append(page)
    for field, group in by_field.items():
        raw = [[dict(item) for item in getattr(page, field_name).raw_data] for page in group]
        for page, value in zip(
            group, _streams_to_python(field.stream_block, raw, known or {}), strict=True
        ):
            setattr(page, field_name, value)  # through StreamField.to_python, as on load
