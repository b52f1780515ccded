"""gunicorn settings for production: ``gunicorn`` with no arguments reads this file.

Every value can be overridden from the environment (e.g. WEB_CONCURRENCY=4).
"""

import multiprocessing
import os

wsgi_app = "helix.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Two workers per core plus one: Helix is mostly waiting on the database and cache.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Load Django and Wagtail once, in the master, and fork the workers from it: a
# worker (re)starts in milliseconds instead of re-importing everything (about a
# second of CPU each time), and the workers share the imported code's memory.
preload_app = True
# Recycle workers now and then so a slow leak can never take the site down.
# Cheap with preload_app; rare enough that a busy site does not notice.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    """A worker must not reuse the master's database or cache connections."""
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    for cache in caches.all(initialized_only=True):
        cache.close()
