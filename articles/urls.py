"""Author pages; included from helix/urls.py before Wagtail's catch-all."""

from django.urls import include, path

from articles import views

author_patterns = [
    path("", views.AuthorIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.AuthorDetailView.as_view(), name="detail"),
]

urlpatterns = [
    path("authors/", include((author_patterns, "authors"))),
]
