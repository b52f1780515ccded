from django.apps import AppConfig


class FeedsConfig(AppConfig):
    """RSS, Atom and JSON feeds of articles, therapies, conditions and comments; their discovery."""

    name = "feeds"
    verbose_name = "Feeds"
