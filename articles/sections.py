"""The editorial sections articles are filed under (a snippet).

Defined apart from the page models; the model belongs to the articles app and
is re-exported by ``articles.models``.
"""

from django.db import models

from wagtail.admin.panels import FieldPanel


class Section(models.Model):
    """An editorial section such as Advances, Clinical practice, Ethics, Regulation."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
