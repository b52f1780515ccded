from django.apps import AppConfig


class FeedsConfig(AppConfig):
    """RSS and Atom feeds of articles, therapies, conditions and comments, and their discovery."""

    name = "feeds"
    verbose_name = "Feeds"
