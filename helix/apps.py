from django.apps import AppConfig
from django.db.models.signals import pre_save


class HelixConfig(AppConfig):
    name = "helix"
    verbose_name = "Helix site"

    def ready(self) -> None:
        from taggit.models import Tag

        from helix.text import give_unsluggable_tags_a_slug, strip_control_characters_before_save

        pre_save.connect(strip_control_characters_before_save, dispatch_uid="helix.text.strip")
        pre_save.connect(give_unsluggable_tags_a_slug, sender=Tag, dispatch_uid="helix.text.slug")
