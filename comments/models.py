"""Reader comments on articles and therapy profiles, held for moderation.

Not to be confused with ``wagtail.models.Comment``: those are editors' notes on
drafts inside the admin.
"""

from django.db import models

from wagtail.admin.panels import FieldPanel


class CommentablePageMixin(models.Model):
    """A page readers may comment on; editors can close its comments."""

    comments_open = models.BooleanField(
        default=True, help_text="Readers may post new comments on this page."
    )

    settings_panels = [FieldPanel("comments_open")]

    class Meta:
        abstract = True
