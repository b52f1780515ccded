from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial workflow"

    def ready(self) -> None:
        from editorial.signals import grant_administrators_everything

        # Every app's post_migrate, not only ours: apps migrated after this one
        # bring permissions too.
        post_migrate.connect(
            grant_administrators_everything, dispatch_uid="editorial_grant_administrators"
        )
