from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    label = "helix_api"
    verbose_name = "Public API"
