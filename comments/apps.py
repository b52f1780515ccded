from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    label = "reader_comments"
    verbose_name = "Reader comments"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
