"""Public condition pages, mounted at /conditions/ by helix/urls.py."""

from django.urls import path

from therapies.views import ConditionDetailView, ConditionListView

app_name = "conditions"

urlpatterns = [
    path("", ConditionListView.as_view(), name="index"),
    path("<slug:slug>/", ConditionDetailView.as_view(), name="detail"),
]
