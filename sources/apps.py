from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Reference library"

    def ready(self) -> None:
        from sources import rich_text, signals  # noqa: F401  (connect receivers)
