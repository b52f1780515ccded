"""Articles: editorial pieces with authors, sections, review dates and tags.

The import point of the app's models. ``ArticlePage`` is defined here; the
rest, each in a module named for what it holds:

* ``articles/index.py``: ``ArticleIndexPage``, the listings of articles;
* ``articles/authors.py``: ``Author``, who writes and reviews;
* ``articles/sections.py``: ``Section``, what an article is filed under;
* ``articles/links.py``: the rows linking an article to its tags, authors,
  therapies and recommended articles;
* ``articles/queries.py``: the query vocabulary (``published()``, the articles
  about a therapy, the articles sharing most with one).
"""

from datetime import datetime

from django.db import models
from django.db.models import Min, Q, Subquery
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from articles.authors import Author
from articles.index import ArticleIndexPage
from articles.links import ArticleAuthor, ArticleTag, ArticleTherapy, RelatedArticle, linked_pages
from articles.queries import ArticlePageManager, ArticlePageQuerySet
from articles.sections import Section
from body.blocks import BodyBlock, body_with_anchors, reading_time, table_of_contents
from caching import fragments
from comments.models import CommentablePageMixin
from helix.page_permissions import OwnDraftsMixin
from sources.models import CitingPageMixin
from therapies.models import TherapyPage

__all__ = [
    "ArticleAuthor",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageQuerySet",
    "ArticleTag",
    "ArticleTherapy",
    "Author",
    "RelatedArticle",
    "Section",
    "next_publication_date",
]


def next_publication_date() -> datetime | None:
    """When the next live article dated in the future joins the listings (None: no such one)."""
    upcoming = ArticlePage.objects.live().filter(first_published__gt=timezone.now())
    return upcoming.aggregate(moment=Min("first_published"))["moment"]


class ArticlePage(
    OwnDraftsMixin, fragments.RenderedPartsMixin, CitingPageMixin, CommentablePageMixin, Page
):
    """An editorial piece: authored, dated, optionally medically reviewed."""

    #: Its neighbours and related articles come from the listing; tags are shown by name
    #: (caching/pages.py).
    cache_listings = ("articles.articlepage", "taggit.tag")

    standfirst = models.TextField(
        max_length=500, help_text="The summary shown in listings, feeds and search results."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_credit = models.CharField(max_length=200, blank=True)
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)

    first_published = models.DateTimeField(
        null=True, blank=True, help_text="Shown as the publication date; set at first publishing."
    )
    last_updated = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_articles"
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)

    body = StreamField(BodyBlock())

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_credit")],
            heading="Hero image",
        ),
        InlinePanel("authors", label="Author", heading="Authors", min_num=1),
        FieldPanel("body"),
        FieldPanel("further_reading"),
    ]
    promote_panels = Page.promote_panels + [
        FieldPanel("section"),
        FieldPanel("tags"),
        InlinePanel("therapy_links", label="Related therapy", heading="Related therapies"),
        InlinePanel("related_article_links", label="Related article", heading="Related articles"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("first_published"), FieldPanel("last_updated")], heading="Dates"
        ),
        MultiFieldPanel(
            [FieldPanel("reviewed_by"), FieldPanel("last_reviewed"), FieldPanel("next_review_due")],
            heading="Medical review",
        ),
        *CommentablePageMixin.settings_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("standfirst", boost=2),
        index.SearchField("body"),
        index.FilterField("section"),
        index.FilterField("first_published"),
    ]

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []

    objects = ArticlePageManager()

    class Meta:
        indexes = [
            # Listing order (``published()``): at 100,000 articles PostgreSQL walks it
            # from the newest end and stops at the LIMIT instead of sorting the table.
            models.Index(fields=["-first_published", "-page_ptr"], name="articles_published_order")
        ]

    # How many related articles a page shows, chosen among how many recent candidates.
    related_limit = 3
    related_candidates = 300

    def save(self, *args, **kwargs):
        # The publication date defaults to the moment the article first goes live.
        if self.live and self.first_published is None:
            self.first_published = self.go_live_at or self.first_published_at or timezone.now()
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """Keep the publication date set at first publishing when editing a draft.

        Revisions saved before that moment do not carry it; without this, the
        next edit would show an empty date and move the article to the top.
        """
        obj = super().with_content_json(content)
        if obj.first_published is None:
            obj.first_published = self.first_published
        return obj

    # What the templates, feeds and metadata read ---------------------------

    @cached_property
    def author_list(self) -> list[Author]:
        return [link.author for link in self.authors.all().select_related("author")]

    @cached_property
    def tag_list(self) -> list[Tag]:
        # Sorted here: a preview's tags live in memory (modelcluster), which cannot
        # order by ``Lower("name")``.
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())

    @property
    def is_reviewed(self) -> bool:
        return bool(self.reviewed_by_id and self.last_reviewed)

    @property
    def date_modified(self):
        return self.last_updated or self.last_published_at or self.first_published

    #: Ids of the article's own parts (article_content.html): no heading takes one.
    page_ids = frozenset(
        {
            "article-title",
            "about-authors-title",
            "related-therapies-title",
            "related-articles-title",
        }
    )

    @cached_property
    def table_of_contents(self):
        return table_of_contents(self.body, self.page_ids)

    @cached_property
    def reading_time(self) -> int:
        return reading_time(self.body)

    def body_blocks(self) -> list[tuple]:
        return body_with_anchors(self.body, self.page_ids)

    @cached_property
    def related_therapies(self) -> list:
        """Linked therapy profiles that readers can open, with their approvals."""
        therapies = (
            TherapyPage.objects.published().defer_streamfields().prefetch_related("approvals")
        )
        return linked_pages(self, "therapy_links", ArticleTherapy, "therapy", therapies)

    @cached_property
    def related_articles(self) -> list["ArticlePage"]:
        """The editor's choice, else the articles sharing most tags and therapies."""
        published = (
            ArticlePage.objects.published()
            .exclude(pk=self.pk)
            .defer_streamfields()
            .select_related("section")
        )
        chosen = linked_pages(self, "related_article_links", RelatedArticle, "article", published)
        if chosen:
            return chosen
        tag_ids = [tag.pk for tag in self.tag_list]
        therapy_ids = [therapy.pk for therapy in self.related_therapies]
        shared = published.sharing_most(tag_ids, therapy_ids, self.related_candidates)
        return list(shared[: self.related_limit])

    def neighbours(self) -> tuple["ArticlePage | None", "ArticlePage | None"]:
        """The next older and the next newer published article (ties broken by id): one query."""
        if self.first_published is None or self.pk is None:
            return None, None
        published = ArticlePage.objects.published()
        when = self.first_published
        older = published.filter(
            Q(first_published__lt=when) | Q(first_published=when, pk__lt=self.pk)
        ).values("pk")[:1]
        newer = (
            published.filter(Q(first_published__gt=when) | Q(first_published=when, pk__gt=self.pk))
            .order_by("first_published", "pk")
            .values("pk")[:1]
        )
        previous = following = None
        for article in ArticlePage.objects.filter(
            Q(pk=Subquery(older)) | Q(pk=Subquery(newer))
        ).defer_streamfields():
            if (article.first_published, article.pk) < (when, self.pk):
                previous = article
            else:
                following = article
        return previous, following

    #: What every reader sees alike, rendered once per publication (``get_context``).
    shared_part_templates = {
        "meta": "articles/includes/article_meta.html",
        "content": "articles/includes/article_content.html",
    }

    def shared_part_context(self, request) -> dict:
        """What the shared parts show beyond the page's fields; loaded only to render them."""
        self.load_shown_references()
        previous, following = self.neighbours()
        return {"previous_article": previous, "next_article": following}
