"""The discovery tests' content builders, shared: sitemap and metadata test the same states."""

from tests.discovery.conftest import (  # noqa: F401 (fixtures and states for these tests)
    DRAFT,
    LIVE,
    PRIVATE,
    SCHEDULED,
    Library,
    library,
)
