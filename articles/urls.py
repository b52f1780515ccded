"""Tag and author pages; included from helix/urls.py before Wagtail's catch-all."""

from django.urls import include, path

from articles import views

tag_patterns = [
    path("", views.TagIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.TagDetailView.as_view(), name="detail"),
]

author_patterns = [
    path("", views.AuthorIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.AuthorDetailView.as_view(), name="detail"),
]

urlpatterns = [
    path("tags/", include((tag_patterns, "tags"))),
    path("authors/", include((author_patterns, "authors"))),
]
