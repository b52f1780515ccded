from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = "Caching"

    def ready(self) -> None:
        from . import checks, placeholders, signals  # noqa: F401  (registers receivers, fillers)
