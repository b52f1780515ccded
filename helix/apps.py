from django.apps import AppConfig


class HelixConfig(AppConfig):
    name = "helix"
    verbose_name = "Helix site"

    def ready(self) -> None:
        # Wagtail's view-restriction lookups reuse one load per request (see the module).
        from . import request_memo, signals  # noqa: F401  (signals: cache invalidation)

        request_memo.install()
