"""Local development and the demo: debug on, mail to the console."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "helix-dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# One cache for every process of the demo: the server and commands such as
# ``publish_scheduled`` (which stamps what it publishes, caching/stamps.py) must
# see each other's changes. Redis when REDIS_URL is set, else a table in the
# demo's database (made by ``migrate``: caching/migrations).
if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "helix_cache",
            # Full: drop everything at once, never a part (caching/stamps.py).
            "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 0},
        }
    }
