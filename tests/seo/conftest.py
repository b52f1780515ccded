"""The publication-state library, shared: sitemap and metadata test the same states."""

from tests.publication_states import (  # noqa: F401 (fixtures and states for these tests)
    DRAFT,
    LIVE,
    PRIVATE,
    SCHEDULED,
    Library,
    library,
)
