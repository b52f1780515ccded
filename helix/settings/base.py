"""Settings shared by every environment.

Everything that differs between machines is read from the environment here or
in ``production.py``; ``dev.py`` and ``test.py`` only adjust for their use.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable into a list."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


#: SQLite for several processes and threads at once (the demo's server and
#: ``publish_scheduled``, a live server and its test): WAL lets readers run
#: beside a writer, a writer waits up to ``timeout`` seconds for another
#: (busy timeout) instead of failing, and IMMEDIATE takes the write lock when a
#: transaction begins, so it never fails half-way on "database is locked".
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
}


def database_config(url: str | None) -> dict:
    """One switch for the database: a ``DATABASE_URL``, or SQLite in the project folder."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)


#: The demo's and the tests' cache. Pages, fragments and their tags take many
#: entries; Django's default of 300 would keep evicting them.
LOCAL_MEMORY_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "helix",
    # Full: drop everything at once, never a part (caching/stamps.py).
    "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 0},
}


def cache_config(url: str | None) -> dict:
    """Redis through django-redis when ``REDIS_URL`` is set, else local memory."""
    if not url:
        return LOCAL_MEMORY_CACHE
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "helix",
        # A cache outage must degrade to cache misses, never to errors for readers.
        "OPTIONS": {"IGNORE_EXCEPTIONS": True},
    }


# Application definition

INSTALLED_APPS = [
    "helix",
    "caching",
    "articles",
    "therapies",
    "sources",
    "body",
    "comments",
    "search",
    "api",
    "feeds",
    "seo",
    "editorial",
    "tags",
    "demo",
    "bench",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before CSRF, which reads every POST's form: a body larger than its view takes is a 413.
    "helix.security.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "helix.security.HelixCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # The page cache (caching/middleware.py): everything above (security headers, the
    # CSRF cookie, the CSP nonce and header) runs for a kept page as for any; what is
    # below runs only to render one (a session or messages cookie it sets keeps the
    # response from being kept).
    "caching.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The page chooser answers only for pages it would list (editorial/page_chooser.py).
    "editorial.page_chooser.PageChooserScopeMiddleware",
    # Workflow actions on one page run one at a time, all or nothing (editorial/concurrency.py).
    "editorial.concurrency.SerialisePageEditsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every login for a lockout before Django's own backend runs.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "helix.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                # {% csrf_token %} as a per-reader placeholder in kept pages (caching/).
                "caching.context_processors.csrf",
            ],
        },
    },
]

WSGI_APPLICATION = "helix.wsgi.application"

# Database: SQLite unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_config(os.environ.get("REDIS_URL"))}
# A Redis outage is served as cache misses (IGNORE_EXCEPTIONS) but logged, once per call.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static files and uploads

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Background work (search index, reference index, notifications): Django's
# tasks framework. Immediate here; production.py switches to the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# E-mail

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Helix <helix@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail

WAGTAIL_SITE_NAME = "Helix"
# Absolute URLs in feeds and e-mails; the Wagtail site's root URL when unset.
HELIX_BASE_URL = os.environ.get("HELIX_BASE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = HELIX_BASE_URL or "http://127.0.0.1:8000"
# The database backend (PostgreSQL full-text search; SQLite FTS5 with queries escaped:
# search/backends.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Upload caps (bytes, and pixels for images): an oversized upload is refused
# with a message in the admin form.
# A request body to the public site (outside the admin) larger than this is refused with a
# 413 before it is read; a view may take less (the comment form: helix/security.py).
HELIX_PUBLIC_REQUEST_MAX_BYTES = env_int("HELIX_PUBLIC_REQUEST_MAX_BYTES", 64 * 1024)
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000)
# The site works offline: no calls home and no third-party avatar service.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Draftail with a converter per thread: Wagtail's shares one HTML parser between
# requests served at once (editorial/rich_text.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "editorial.rich_text.ThreadSafeDraftailRichTextArea"}
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "helix.text.tags_from_string"
# Public read-only API (api/): the most items one request may ask for.
WAGTAILAPI_LIMIT_MAX = 50
# Approving the last workflow task publishes even though reviewers hold no
# "publish" permission (see editorial/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "editorial.workflows.publish_approved"

# Reader comments. Behind a proxy we run, name the request header it sets to the
# client's address (e.g. HTTP_X_REAL_IP); unset, REMOTE_ADDR is used and a
# client's own X-Forwarded-For is ignored.
HELIX_CLIENT_IP_HEADER = os.environ.get("HELIX_CLIENT_IP_HEADER") or None
HELIX_COMMENT_MODERATOR = "comments.moderation.CommentModerator"
HELIX_COMMENT_FLOOD = {"interval": 15, "per_minute": 5}
HELIX_COMMENT_IP_RETENTION_DAYS = env_int("HELIX_COMMENT_IP_RETENTION_DAYS", 30)
# Security headers (docs/operations.md, "Security headers")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy for the public site. Scripts and <style> elements
# run only from our origin or with the per-request nonce
# (``nonce="{{ request.csp_nonce }}"``); never 'unsafe-inline' scripts. Style
# *attributes* stay allowed: Wagtail's responsive embeds size their frame
# with one, and an attribute cannot run code. The Wagtail admin is not
# strict-CSP compatible, so /admin/ gets no policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", *env_list("CSP_IMG_SRC", [])],
        "frame-src": env_list(
            "CSP_FRAME_SRC",
            [
                "https://www.youtube.com",
                "https://www.youtube-nocookie.com",
                "https://player.vimeo.com",
            ],
        ),
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Browser features Helix never uses are switched off for the page and any frame in it
# (django-permissions-policy writes the Permissions-Policy header from this).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
} | {"fullscreen": ["self"]}

# Admin login brute force: five failures lock that username from that IP for
# AXES_COOLOFF_MINUTES (15 by default). Never forever: a lockout an attacker
# can make permanent would itself be a denial of service.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
axes_cooloff_minutes = env_int("AXES_COOLOFF_MINUTES", 15)
if axes_cooloff_minutes < 1:
    raise ImproperlyConfigured("AXES_COOLOFF_MINUTES must be at least 1: a lockout must end.")
AXES_COOLOFF_TIME = timedelta(minutes=axes_cooloff_minutes)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"

# A caching proxy in front with key-based purging (Varnish's xkey): each address gets a
# PURGE naming the keys that changed (caching/purge.py, docs/performance.md).
HELIX_CACHE_PURGE_URLS = env_list("HELIX_CACHE_PURGE_URLS", [])
# Seconds by which the app servers' clocks may differ (caching/stamps.py).
HELIX_CACHE_CLOCK_MARGIN = float(os.environ.get("HELIX_CACHE_CLOCK_MARGIN", "1.0"))

# A CDN that purges by URL only: Wagtail's frontend cache purges a page's own URL when
# it is published; only when HELIX_FRONTEND_CACHE_URL names it.
HELIX_FRONTEND_CACHE_URL = os.environ.get("HELIX_FRONTEND_CACHE_URL", "").strip()
if HELIX_FRONTEND_CACHE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": HELIX_FRONTEND_CACHE_URL,
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per queued task is noise; failures are still logged as errors.
        "django_tasks": {"level": "WARNING"},
    },
}
