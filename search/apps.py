from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "helix_search"
    verbose_name = "Site search"
