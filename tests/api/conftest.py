"""The publication-state library (tests/publication_states.py) for these tests."""

from tests.publication_states import library  # noqa: F401  (a fixture)
