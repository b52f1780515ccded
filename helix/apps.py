from django.apps import AppConfig


class HelixConfig(AppConfig):
    name = "helix"
    verbose_name = "Helix site"
