"""The Helix public API: read-only JSON with an OpenAPI 3.1 description.

Why this shape. Wagtail 8 ships two APIs. v2 (Django REST Framework) is
"available and supported" but has no OpenAPI description, and its fields come
from each model's ``api_fields``, which belong to the apps that own the models.
v3 (Django Ninja, new in 8.0) is the one whose documentation offers OpenAPI
schema discovery (``/api/v3/openapi.json``), but Wagtail's own v3 instance also
carries write endpoints (create, publish, delete with bearer tokens), lets
authenticated callers read drafts, and has no snippet endpoints in 8.0.1.

So Helix builds on v3's foundations rather than mounting it: a separate
``NinjaAPI`` with only GET routes, Wagtail v3's limit/offset pagination
(``{"count": N, "items": [...]}``, capped by ``WAGTAILAPI_LIMIT_MAX``) and its
RFC 7807 problem responses, plus endpoints for the two snippets readers need
(conditions and sources). Every request is anonymous: a logged-in editor's
session never widens what the API shows.
"""

from ninja import NinjaAPI

from wagtail.api.v3.errors import register_exception_handlers

from api.routes import router

api = NinjaAPI(
    title="Helix API",
    version="1.0.0",
    description=(
        "Read-only access to Helix's published articles, therapy profiles, conditions and "
        "reference library. Lists are paginated with `limit` and `offset`."
    ),
    urls_namespace="helix_api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)
register_exception_handlers(api)
api.add_router("/", router)
