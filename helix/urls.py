"""URL map: the admin, each app's own views, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from helix.views import favicon

# A database outage becomes a clean 503 (Retry-After); other errors the 500 page.
handler500 = "helix.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("comments/", include("comments.urls")),
    path("feeds/", include("feeds.urls")),
    path("search/", include("search.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("seo.urls")),
    path("favicon.ico", favicon, name="favicon"),
    path("conditions/", include("therapies.urls")),
    path("sources/", include("sources.urls")),
    path("tags/", include("tags.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Anything not matched above is a page in Wagtail's tree: keep this last.
urlpatterns += [path("", include(wagtail_urls))]
