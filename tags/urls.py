"""The tag index and tag pages (``/tags/``), included from helix/urls.py."""

from django.urls import path

from tags import views

app_name = "tags"

urlpatterns = [
    path("", views.TagIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.TagDetailView.as_view(), name="detail"),
]
