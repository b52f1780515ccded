"""Articles: editorial pieces with authors, sections, review dates and tags."""

from datetime import date, datetime

from django.db import models
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.queryset import FakeQuerySet
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from articles.authors import Author
from articles.pagination import nearest_page
from articles.sections import Section
from body.blocks import BodyBlock, body_with_anchors, reading_time, table_of_contents
from caching import fragments
from caching.keys import listing_key
from comments.models import CommentablePageMixin
from helix.page_permissions import OwnDraftsMixin
from sources.models import CitingPageMixin


class ArticleTag(TaggedItemBase):
    """Links an article to a taggit ``Tag``, shared with therapy profiles and sources."""

    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePageQuerySet(PageQuerySet):
    """The vocabulary every listing of articles uses (index, tags, authors, feeds, API)."""

    def published(self) -> "ArticlePageQuerySet":
        """Live, public, already dated articles, newest first.

        A publication date in the future (an editor's choice) keeps the article
        out of listings until that moment, like a scheduled go-live does.
        """
        return (
            self.live()
            .public()
            .filter(first_published__lte=timezone.now())
            .order_by("-first_published", "-pk")
        )

    def for_listing(self) -> "ArticlePageQuerySet":
        """What a listing loads: articles and sections, without bodies.

        Authors and tags are fetched by ``articles/cards.py`` for the cards that
        are not cached, in one batch.
        """
        return self.defer_streamfields().select_related("section")


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


def next_publication_date() -> datetime | None:
    """When the next live article dated in the future joins the listings (None: no such one)."""
    upcoming = ArticlePage.objects.live().filter(first_published__gt=timezone.now())
    return upcoming.aggregate(moment=Min("first_published"))["moment"]


class ArticleIndexPage(OwnDraftsMixin, RoutablePageMixin, Page):
    """Lists articles newest first, with tag, section and date filters.

    Filters live in the URL (``tag/<slug>/``, ``section/<slug>/``,
    ``archive/<year>/[<month>/]``) so that every listing has an address of its own.
    """

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["articles.ArticlePage"]
    max_count = 1

    per_page = 12
    #: What it lists, for the page cache (caching/pages.py).
    cache_listings = ("articles.articlepage", "articles.section")

    def articles(self) -> ArticlePageQuerySet:
        return ArticlePage.objects.descendant_of(self).published()

    def sub_url(self, request, name: str, *args) -> str:
        return self.get_url(request) + self.reverse_subpage(name, args=args)

    def archive_months(self, request) -> list[dict]:
        """The months that have articles, newest first, with their links.

        Kept until an article is published, moved or withdrawn (caching/fragments.py).
        """
        months = fragments.cached(
            f"article-index:{self.pk}:months",
            lambda: list(self.articles().order_by().datetimes("first_published", "month", "DESC")),
            [listing_key(ArticlePage)],
        )
        return [
            {"date": month, "url": self.sub_url(request, "archive_month", month.year, month.month)}
            for month in months
        ]

    def sections(self, request) -> list[Section]:
        """Sections that have published articles here, each with its listing link (cached)."""
        # Each section's newest article, found along the listing-order index, stops
        # at the first match; a DISTINCT join (or an EXISTS, which PostgreSQL turns
        # into a hash join) read every article: 60 ms at 100,000, after each publish.
        newest = self.articles().filter(section=OuterRef("pk")).order_by("-first_published")[:1]
        sections = fragments.cached(
            f"article-index:{self.pk}:sections",
            lambda: list(
                Section.objects.alias(newest=Subquery(newest.values("pk"))).filter(
                    newest__isnull=False
                )
            ),
            [listing_key(ArticlePage), listing_key(Section)],
        )
        for section in sections:
            section.listing_url = self.sub_url(request, "section", section.slug)
        return sections

    def listing_count(self, request, queryset) -> int:
        """How many articles a listing has: cached until an article comes or goes.

        A listing is named by its path (the filters live in it); counting 100,000
        articles on every request would cost more than the page itself.
        """
        return fragments.cached(
            f"article-index:{self.pk}:count:{request.path}",
            queryset.count,
            [listing_key(ArticlePage)],
        )

    def page_of_articles(self, request, queryset, page_obj) -> list["ArticlePage"]:
        """The articles on one page of a listing, in order.

        Their ids are cached until an article comes or goes: at 100,000 articles
        a deep page's OFFSET walks tens of thousands of rows.
        """
        start = max(page_obj.start_index() - 1, 0)
        ids = fragments.cached(
            f"article-index:{self.pk}:page:{request.path}:{page_obj.number}",
            lambda: list(queryset.values_list("pk", flat=True)[start : start + self.per_page]),
            [listing_key(ArticlePage)],
        )
        by_id = queryset.for_listing().in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    def render_listing(self, request, queryset, *, heading: str = "", **extra):
        count = self.listing_count(request, queryset)
        page_obj = nearest_page(request, queryset, self.per_page, count)
        page_obj.object_list = self.page_of_articles(request, queryset, page_obj)
        return self.render(
            request,
            context_overrides={
                "articles": page_obj.object_list,
                "page_obj": page_obj,
                "listing_heading": heading,
                "sections": self.sections(request),
                "archive_months": self.archive_months(request),
                **extra,
            },
        )

    @path("")
    def index_view(self, request):
        return self.render_listing(request, self.articles())

    @path("tag/<slug:tag>/", name="tag")
    def tag_view(self, request, tag):
        tag = get_object_or_404(Tag, slug=tag)
        articles = self.articles().filter(tagged_items__tag=tag)
        if not self.listing_count(request, articles):
            raise Http404("No published article has this tag.")
        return self.render_listing(
            request, articles, heading=f"Tagged “{tag.name}”", filter_tag=tag
        )

    @path("section/<slug:section>/", name="section")
    def section_view(self, request, section):
        section = get_object_or_404(Section, slug=section)
        return self.render_listing(
            request,
            self.articles().filter(section=section),
            heading=section.name,
            filter_section=section,
        )

    @path("archive/<int:year>/", name="archive_year")
    @path("archive/<int:year>/<int:month>/", name="archive_month")
    def archive_view(self, request, year, month=None):
        if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
            raise Http404("There is no such month.")
        articles = self.articles().filter(first_published__year=year)
        if month is not None:
            articles = articles.filter(first_published__month=month)
        heading = date_format(date(year, month, 1), "F Y") if month else str(year)
        return self.render_listing(
            request, articles, heading=f"Published in {heading}", archive_year=year
        )


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
        from therapies.models import TherapyPage

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
            return []
        score = shared[0] if len(shared) == 1 else shared[0] + shared[1]
        # Only the newest articles sharing something are scored: a popular tag may be
        # on 50,000 articles, and scoring them all would cost more than the page.
        limit = self.related_candidates
        sharing_tags = ArticleTag.objects.filter(tag_id__in=tag_ids).order_by("-content_object_id")
        candidates = set(sharing_tags.values_list("content_object_id", flat=True)[:limit])
        if therapy_ids:
            sharing_therapies = ArticleTherapy.objects.filter(therapy_id__in=therapy_ids)
            candidates.update(
                sharing_therapies.order_by("-page_id").values_list("page_id", flat=True)[:limit]
            )
        return list(
            published.filter(pk__in=candidates)
            .annotate(shared=score)
            .order_by("-shared", "-first_published")[: self.related_limit]
        )

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


class ArticleAuthor(Orderable):
    """One author of an article, in byline order."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="authors")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="article_links")

    panels = [FieldPanel("author")]


class ArticleTherapy(Orderable):
    """A therapy profile this article is about; the profile lists the article back."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="therapy_links")
    therapy = models.ForeignKey(
        "therapies.TherapyPage", on_delete=models.CASCADE, related_name="article_links"
    )

    panels = [FieldPanel("therapy")]


class RelatedArticle(Orderable):
    """An article the editor recommends after this one (overrides the computed list)."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_article_links")
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]
