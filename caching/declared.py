"""What the response being built shows: the keys its parts declare.

``show(*keys)`` adds keys to every collection open in this context: the page
the middleware is rendering and any fragment being computed inside it (a
fragment's keys are the page's keys too). Outside a collection it does nothing,
so code that declares keys runs unchanged in the admin, feeds off the cache,
commands and tests.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_open: ContextVar[tuple[set[str], ...]] = ContextVar("helix_declared_keys", default=())


def show(*keys: str) -> None:
    for collection in _open.get():
        collection.update(keys)


@contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the keys declared inside the block (and pass them to any outer collection)."""
    keys: set[str] = set()
    token = _open.set((*_open.get(), keys))
    try:
        yield keys
    finally:
        _open.reset(token)


def collecting_now() -> bool:
    """Is a response or fragment collecting keys (is anything going to be kept)?"""
    return bool(_open.get())
