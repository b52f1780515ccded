"""The query vocabulary of articles, shared by listings, feeds, the API and therapy pages.

"Articles about a therapy" is asked here, on the articles side: therapy
profiles and condition pages call it through ``article_tags``, therapy feeds
directly, so the therapies app never imports articles.
"""

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Count, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail.models import Page, PageManager, ReferenceIndex
from wagtail.query import PageQuerySet

from articles.links import ArticleTag, ArticleTherapy
from helix.pages import open_to_readers

if TYPE_CHECKING:
    from therapies.models import TherapyPageQuerySet


class ArticlePageQuerySet(PageQuerySet):
    """The vocabulary every listing of articles uses (index, tags, authors, feeds, API)."""

    def published(self) -> "ArticlePageQuerySet":
        """Live, public, already dated articles, newest first.

        A publication date in the future (an editor's choice) keeps the article
        out of listings until that moment, like a scheduled go-live does.
        """
        return (
            self.live()
            .filter(open_to_readers(), first_published__lte=timezone.now())
            .order_by("-first_published", "-pk")
        )

    def searchable(self) -> "ArticlePageQuerySet":
        """``published()`` as a search backend can filter it: field lookups only.

        The backend translates a queryset's filters into its own query and knows
        no subquery, so here Wagtail's ``public()`` (one query more) stands in for
        ``open_to_readers()``.
        """
        return self.live().public().filter(first_published__lte=timezone.now())

    def for_listing(self) -> "ArticlePageQuerySet":
        """What a listing loads: articles and sections, without bodies.

        Authors and tags are fetched by ``articles/cards.py`` for the cards that
        are not cached, in one batch.
        """
        return self.defer_streamfields().select_related("section")

    def about_therapies(self, therapy_ids: QuerySet | list[int]) -> "ArticlePageQuerySet":
        """Articles about any of these therapies, each once.

        An article is "about" a therapy when an editor chose it as related
        (``ArticleTherapy``) or when its body links to the profile: Wagtail's
        reference index records those links, so no body is parsed here. Start
        from ``published()``: an article dated in the future is not listed yet.
        """
        page_type = ContentType.objects.get_for_model(Page)
        chosen = (
            ArticleTherapy.objects.filter(therapy__in=therapy_ids).order_by().values_list("page_id")
        )
        linked = (
            ReferenceIndex.objects.filter(
                base_content_type=page_type,
                to_content_type=page_type,
                to_object_id__in=Page.objects.filter(pk__in=therapy_ids)
                .annotate(pk_text=Cast("pk", CharField()))
                .values("pk_text"),
            )
            .annotate(page_id=Cast("object_id", models.BigIntegerField()))
            .order_by()
            .values_list("page_id")
        )
        # One UNION subquery, not two ORed ones: PostgreSQL then finds the few
        # articles by key instead of testing every article in listing order
        # (150 ms to 20 ms for a therapy at 100,000 articles).
        return self.filter(pk__in=chosen.union(linked))

    def sharing_most(
        self, tag_ids: list[int], therapy_ids: list[int], candidates: int
    ) -> "ArticlePageQuerySet":
        """Articles sharing most of these tags and therapies, then the newest.

        Only the newest ``candidates`` articles sharing a tag, and as many sharing
        a therapy, are scored (read now, in a query each): a popular tag may be
        on 50,000 articles, and scoring them all would cost more than the page.
        """
        shared = []
        if tag_ids:
            shared.append(
                Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True)
            )
        if therapy_ids:
            shared.append(
                Count(
                    "therapy_links",
                    filter=Q(therapy_links__therapy_id__in=therapy_ids),
                    distinct=True,
                )
            )
        if not shared:
            return self.none()
        score = shared[0] if len(shared) == 1 else shared[0] + shared[1]
        sharing_tags = ArticleTag.objects.filter(tag_id__in=tag_ids).order_by("-content_object_id")
        pks = set(sharing_tags.values_list("content_object_id", flat=True)[:candidates])
        if therapy_ids:
            sharing_therapies = ArticleTherapy.objects.filter(therapy_id__in=therapy_ids)
            pks.update(
                sharing_therapies.order_by("-page_id").values_list("page_id", flat=True)[
                    :candidates
                ]
            )
        return (
            self.filter(pk__in=pks).annotate(shared=score).order_by("-shared", "-first_published")
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


def therapies_linked_from(article: Page, therapies: "TherapyPageQuerySet") -> "TherapyPageQuerySet":
    """Those of ``therapies`` an article chose as related or links to in its body, A to Z.

    The reverse of ``about_therapies()``, asked from the article's side (apply
    ``for_listing()`` for modality and status).
    """
    page_type = ContentType.objects.get_for_model(Page)
    chosen = ArticleTherapy.objects.filter(page_id=article.pk).values("therapy_id")
    linked = (
        ReferenceIndex.objects.filter(
            base_content_type=page_type,
            object_id=str(article.pk),
            to_content_type=page_type,
        )
        .annotate(page_id=Cast("to_object_id", models.BigIntegerField()))
        .values("page_id")
    )
    return therapies.filter(Q(pk__in=Subquery(chosen)) | Q(pk__in=Subquery(linked))).order_by(
        "title"
    )
