"""The people and organisations who write and review articles (a snippet).

Defined apart from the page models to keep each module to one job; the model
belongs to the articles app and is re-exported by ``articles.models``.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index


class AuthorQuerySet(models.QuerySet):
    def published(self) -> "AuthorQuerySet":
        """Authors with a published article to their name, as writer or as reviewer.

        Whoever has none exists for no reader: no index entry, page or feed
        (an author page saying "no published articles yet" gave away a draft).
        """
        from articles.models import ArticlePage  # the page models import this module

        articles = ArticlePage.objects.published()
        return self.filter(
            Q(pk__in=articles.values("authors__author")) | Q(pk__in=articles.values("reviewed_by"))
        )


class Author(index.Indexed, models.Model):
    """A person or an organisation (e.g. "Sermes CRO") who writes or reviews."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    is_organisation = models.BooleanField(default=False)
    credentials = models.CharField(
        "credentials or role",
        max_length=200,
        blank=True,
        help_text="E.g. MD, PhD; Clinical haematologist.",
    )
    organisation = models.CharField(max_length=200, blank=True)
    bio = RichTextField(features=["bold", "italic", "link"], blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conflicts_of_interest = models.TextField(
        "conflict-of-interest disclosure", blank=True, help_text="Leave empty if none declared."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("is_organisation"),
        FieldPanel("credentials"),
        FieldPanel("organisation"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("conflicts_of_interest"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
    ]

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("authors:detail", kwargs={"slug": self.slug})

    @property
    def byline_role(self) -> str:
        """What follows the name in a byline, e.g. "MD, clinical haematologist, La Paz"."""
        parts = [self.credentials]
        if self.organisation != self.name:
            parts.append(self.organisation)
        return ", ".join(part for part in parts if part)
