from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("", views.SourceListView.as_view(), name="list"),
    path("export.<str:fmt>", views.library_download, name="library_download"),
    path(
        "references/<int:page_id>.<str:fmt>",
        views.page_references_download,
        name="page_references_download",
    ),
    path("<int:pk>-<slug:slug>/", views.SourceDetailView.as_view(), name="detail"),
]
