"""One tag vocabulary across content types: articles, therapy profiles, sources, conditions.

All four tag through taggit's ``Tag``; these helpers count and list only what
readers can open (published articles, live public profiles), so a tag used
only on drafts or private pages never shows.

At scale one tag carries tens of thousands of articles and sources, so a tag
page shows the newest few of each type with their totals and links to the
paginated listings (``/articles/tag/<slug>/``, ``/sources/?tag=<slug>``). The
work per request is then a fixed number of queries, each ``LIMIT``-ed or a
single ``COUNT``, however many items carry the tag.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower

from taggit.models import Tag

from articles.models import ArticlePage, ArticleTag
from caching import fragments
from caching.keys import listing_key
from sources.models import Source, SourceTag
from therapies.models import Condition, ConditionTag, TherapyPage, TherapyTag

#: Items of each type a tag page shows; the rest are one link away.
SHOWN_PER_TYPE = 12


def listing_keys() -> list[str]:
    """What a tag listing shows: every tagged type, its tag links and the tags."""
    models = [Tag, ArticlePage, ArticleTag, TherapyPage, TherapyTag, Source, SourceTag]
    return [listing_key(model) for model in [*models, Condition, ConditionTag]]


def _tagged_sets():
    """(through model, what readers may see) for each tagged content type."""
    return [
        (ArticleTag, ArticlePage.objects.published()),
        (TherapyTag, TherapyPage.objects.published()),
        (SourceTag, Source.objects.all()),
        (ConditionTag, Condition.objects.all()),
    ]


def visible_tags() -> QuerySet:
    """Tags that something readers can open carries (one query with a subquery per type).

    A tag used only on drafts or private pages is not among them: it has no page
    and no feed.
    """
    carried = Q()
    for through, visible in _tagged_sets():
        tagged = through.objects.filter(content_object__in=visible.order_by().values("pk"))
        carried |= Q(pk__in=tagged.values("tag_id"))
    return Tag.objects.filter(carried)


def _counts_by_type() -> dict[int, tuple[int, ...]]:
    """For each tag in use, how many visible items of each type carry it.

    One ``GROUP BY`` per content type over every tagged row (hundreds of
    thousands at scale, about 0.4 s), so the result is kept as a fragment until
    a tagged or tagging table changes (``listing_keys``). The tag index and
    every tag page share it.
    """
    counts: dict[int, list[int]] = {}
    sets = _tagged_sets()
    for position, (through, visible) in enumerate(sets):
        rows = (
            through.objects.filter(content_object__in=visible.order_by().values("pk"))
            .values_list("tag_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for tag_id, n in rows:
            counts.setdefault(tag_id, [0] * len(sets))[position] = n
    return {tag_id: tuple(per_type) for tag_id, per_type in counts.items()}


def counts_by_type() -> dict[int, tuple[int, ...]]:
    """``{tag id: (articles, therapies, sources, conditions)}``, cached (``_counts_by_type``)."""
    return fragments.cached("tags:counts-by-type", _counts_by_type, listing_keys())


def tags_with_counts() -> list[Tag]:
    """Tags in use on public content, each with ``item_count``, by name."""
    counts = counts_by_type()
    tags = list(Tag.objects.filter(pk__in=list(counts)).order_by(Lower("name")))
    for tag in tags:
        tag.item_count = sum(counts[tag.pk])
    return tags


@dataclass
class TaggedItems:
    """The newest items of each type that carry one tag, with each type's total."""

    articles: list = field(default_factory=list)
    therapies: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    conditions: list = field(default_factory=list)
    article_count: int = 0
    therapy_count: int = 0
    source_count: int = 0
    condition_count: int = 0

    def __len__(self) -> int:
        """Every visible item with the tag, shown or not."""
        return self.article_count + self.therapy_count + self.source_count + self.condition_count


def items_tagged(tag: Tag, limit: int | None = None) -> TaggedItems:
    """At most ``limit`` newest articles and sources, and profiles and conditions by name.

    Totals come from the cached counts; a type with no visible item is not queried.
    """
    limit = limit or SHOWN_PER_TYPE
    counts = counts_by_type().get(tag.pk, (0, 0, 0, 0))
    article_count, therapy_count, source_count, condition_count = counts
    items = TaggedItems(
        article_count=article_count,
        therapy_count=therapy_count,
        source_count=source_count,
        condition_count=condition_count,
    )
    if article_count:
        items.articles = list(
            ArticlePage.objects.published().filter(tagged_items__tag=tag).for_listing()[:limit]
        )
    if therapy_count:
        items.therapies = list(
            TherapyPage.objects.published()
            .filter(tagged_items__tag=tag)
            .defer_streamfields()
            .order_by("title")[:limit]
        )
    if source_count:
        items.sources = list(
            Source.objects.filter(tagged_items__tag=tag)
            .prefetch_related("authors")
            .order_by("-year", "title")[:limit]
        )
    if condition_count:
        items.conditions = list(
            Condition.objects.filter(tagged_items__tag=tag).only("name", "slug")[:limit]
        )
    return items
