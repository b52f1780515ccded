"""``/sitemap.xml`` and ``/robots.txt``, mounted at the site root by helix/urls.py."""

from django.urls import path

from seo import views

urlpatterns = [
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
