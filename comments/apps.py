from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    label = "reader_comments"
    verbose_name = "Reader comments"

    def ready(self) -> None:
        from caching import placeholders

        from . import forms, signals  # noqa: F401  (signals: connects the receivers)

        # A kept page's comment form gets a token issued for each reader (caching/).
        placeholders.register(
            "comment_token", lambda request, page_id: forms.make_token(int(page_id))
        )
