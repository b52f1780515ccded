from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from helix.cache import changes_at, table_tag

        from .models import ArticlePage, next_publication_date

        # An article dated in the future joins the listings at that moment, with no
        # event: cached listings, pages and fragments showing articles expire then.
        changes_at(table_tag(ArticlePage), next_publication_date)
