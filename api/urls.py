"""The public API under ``/api/v1/``, included by name from the project's URL map."""

from django.urls import path

from .api import api

urlpatterns = [path("", api.urls)]
