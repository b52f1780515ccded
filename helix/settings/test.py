"""Tests: fast and isolated. Only speed and safety switches live here."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "helix-test-key-not-secret"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": LOCAL_MEMORY_CACHE}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Hashed static names need a manifest that tests never build.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# The page cache is on, as in production; query budgets clear the cache to
# measure a cold render. One clock in tests: no margin between servers.
HELIX_PAGE_CACHE = True
HELIX_CACHE_CLOCK_MARGIN = 0
