from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from caching.keys import listing_key
        from caching.stamps import changes_at

        from .models import ArticlePage, next_publication_date

        # An article dated in the future joins the listings at that moment, with no
        # event: kept listings, pages and parts showing articles expire then.
        changes_at(listing_key(ArticlePage), next_publication_date)
