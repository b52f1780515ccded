"""WSGI entry point: gunicorn serves ``helix.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helix.settings.production")

application = get_wsgi_application()


def warm_up() -> None:
    """Load now what each worker's first request would otherwise load.

    gunicorn forks its workers from this process (``preload_app``), so they
    start with the URLconf, every view module and the cache backend imported,
    instead of spending about 0.2 s of their first request on it. Nothing here
    touches the database or opens a connection.
    """
    from django.core.cache import caches
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and the views)
    caches["default"]  # imports and creates the backend


warm_up()
