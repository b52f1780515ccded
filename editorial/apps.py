from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial workflow"

    def ready(self) -> None:
        from editorial.signals import grant_administrators_everything

        post_migrate.connect(grant_administrators_everything, sender=self)
