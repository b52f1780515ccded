"""One tag vocabulary across content types: articles, therapy profiles, sources.

All three tag through taggit's ``Tag``; these helpers count and list only what
readers can open (published articles, live public profiles), so a tag used
only on drafts or private pages never shows.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Lower

from taggit.models import Tag

from articles.models import ArticlePage, ArticleTag
from sources.models import Source, SourceTag
from therapies.models import TherapyPage, TherapyTag


def _tagged_sets():
    """(through model, what readers may see) for each tagged content type."""
    return [
        (ArticleTag, ArticlePage.objects.published()),
        (TherapyTag, TherapyPage.objects.live().public()),
        (SourceTag, Source.objects.all()),
    ]


def tags_with_counts() -> list[Tag]:
    """Tags in use on public content, each with ``item_count``, by name."""
    counts: Counter[int] = Counter()
    for through, visible in _tagged_sets():
        rows = (
            through.objects.filter(content_object__in=visible.order_by().values("pk"))
            .values("tag_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            counts[row["tag_id"]] += row["n"]
    tags = list(Tag.objects.filter(pk__in=list(counts)).order_by(Lower("name")))
    for tag in tags:
        tag.item_count = counts[tag.pk]
    return tags


@dataclass
class TaggedItems:
    """Everything readers can open that carries one tag, by content type."""

    articles: list = field(default_factory=list)
    therapies: list = field(default_factory=list)
    sources: list = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.articles) + len(self.therapies) + len(self.sources)


def items_tagged(tag: Tag) -> TaggedItems:
    return TaggedItems(
        articles=list(ArticlePage.objects.published().filter(tagged_items__tag=tag).for_listing()),
        therapies=list(
            TherapyPage.objects.live()
            .public()
            .filter(tagged_items__tag=tag)
            .defer_streamfields()
            .order_by("title")
        ),
        sources=list(
            Source.objects.filter(tagged_items__tag=tag)
            .prefetch_related("authors")
            .order_by("-year", "title")
        ),
    )
