"""The rows that link an article to its tags, authors, therapies and recommended articles.

Each is edited inline on the article (modelcluster), so a preview holds them in
memory until it is saved: ``linked_pages`` reads both. Defined apart from the
page models; they belong to the articles app and are re-exported by
``articles.models``.
"""

from django.db import models
from django.db.models import OuterRef, Subquery

from modelcluster.fields import ParentalKey
from modelcluster.queryset import FakeQuerySet
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.query import PageQuerySet

from articles.authors import Author


class ArticleTag(TaggedItemBase):
    """Links an article to a taggit ``Tag``, shared with therapy profiles and sources."""

    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticleAuthor(Orderable):
    """One author of an article, in byline order."""

    page = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="authors")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="article_links")

    panels = [FieldPanel("author")]


class ArticleTherapy(Orderable):
    """A therapy profile this article is about; the profile lists the article back."""

    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="therapy_links"
    )
    therapy = models.ForeignKey(
        "therapies.TherapyPage", on_delete=models.CASCADE, related_name="article_links"
    )

    panels = [FieldPanel("therapy")]


class RelatedArticle(Orderable):
    """An article the editor recommends after this one (overrides the computed list)."""

    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="related_article_links"
    )
    article = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]


def linked_pages(page, relation: str, link_model, target: str, pages: PageQuerySet) -> list:
    """The pages ``page`` links through an orderable relation, in the editor's order.

    One query for saved links (the links table is a subquery); a preview or a
    revision, whose links exist only in memory, reads them from there.
    """
    held = getattr(page, relation).all()
    if isinstance(held, FakeQuerySet):  # modelcluster's links held in memory, not saved
        ids = list(dict.fromkeys(getattr(link, f"{target}_id") for link in held))
        by_id = pages.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]
    if page.pk is None:
        return []
    links = link_model.objects.filter(page=page.pk)
    position = links.filter(**{target: OuterRef("pk")}).order_by("sort_order").values("sort_order")
    return list(
        pages.filter(pk__in=links.values(target))
        .annotate(link_position=Subquery(position[:1]))
        .order_by("link_position", "pk")
    )
