from django.apps import AppConfig


class TagsConfig(AppConfig):
    name = "tags"
    label = "helix_tags"
    verbose_name = "Tags"
