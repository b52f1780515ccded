"""The floor: a bare Django view, served by gunicorn beside Helix in the same run.

One view returning a fixed small HTML page through Django's request/response
cycle with no middleware, no database and no templates: what any Django site
costs before it does anything. ``gunicorn bench.floor:application``.
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-not-secret",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def hello(request):
    return HttpResponse("<!DOCTYPE html><title>Floor</title><p>Hello from a bare Django view.</p>")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
