"""Articles: editorial pieces with authors, sections, review dates and tags."""

from datetime import date

from django.db import models
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from articles.pagination import nearest_page
from articles.snippets import Author, Section
from comments.models import CommentablePageMixin
from helix.blocks import BodyBlock, body_with_anchors, reading_time, table_of_contents
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
        """What a card shows: section, authors and tags, without loading bodies."""
        return (
            self.defer_streamfields()
            .select_related("section")
            .prefetch_related(
                Prefetch("authors", queryset=ArticleAuthor.objects.select_related("author")),
                Prefetch(
                    "tagged_items",
                    queryset=ArticleTag.objects.select_related("tag").order_by(Lower("tag__name")),
                ),
            )
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticleIndexPage(RoutablePageMixin, Page):
    """Lists articles newest first, with tag, section and date filters.

    Filters live in the URL (``tag/<slug>/``, ``section/<slug>/``,
    ``archive/<year>/[<month>/]``) so that every listing has an address of its own.
    """

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["articles.ArticlePage"]
    max_count = 1

    per_page = 12

    def articles(self) -> ArticlePageQuerySet:
        return ArticlePage.objects.descendant_of(self).published()

    def sub_url(self, request, name: str, *args) -> str:
        return self.get_url(request) + self.reverse_subpage(name, args=args)

    def archive_months(self, request) -> list[dict]:
        """The months that have articles, newest first, with their links: one query."""
        months = self.articles().order_by().datetimes("first_published", "month", "DESC")
        return [
            {"date": month, "url": self.sub_url(request, "archive_month", month.year, month.month)}
            for month in months
        ]

    def sections(self, request) -> list[Section]:
        """Sections that have published articles here, each with its listing link."""
        sections = list(Section.objects.filter(articles__in=self.articles().order_by()).distinct())
        for section in sections:
            section.listing_url = self.sub_url(request, "section", section.slug)
        return sections

    def render_listing(self, request, queryset, *, heading: str = "", **extra):
        page_obj = nearest_page(request, queryset.for_listing(), self.per_page)
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
        if not articles.exists():
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


class ArticlePage(CitingPageMixin, CommentablePageMixin, Page):
    """An editorial piece: authored, dated, optionally medically reviewed."""

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

    # How many related articles a page shows.
    related_limit = 3

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
        return list(self.tags.order_by(Lower("name")))

    @property
    def is_reviewed(self) -> bool:
        return bool(self.reviewed_by_id and self.last_reviewed)

    @property
    def date_modified(self):
        return self.last_updated or self.last_published_at or self.first_published

    @cached_property
    def table_of_contents(self):
        return table_of_contents(self.body)

    @cached_property
    def reading_time(self) -> int:
        return reading_time(self.body)

    def body_blocks(self) -> list[tuple]:
        return body_with_anchors(self.body)

    @cached_property
    def related_therapies(self) -> list:
        """Linked therapy profiles that readers can open, with their approvals.

        Reads the links through ``.all()`` so that previews (unsaved links) work.
        """
        from therapies.models import TherapyPage

        ids = [link.therapy_id for link in self.therapy_links.all()]
        if not ids:
            return []
        therapies = TherapyPage.objects.live().public().filter(pk__in=ids)
        by_id = {t.pk: t for t in therapies.defer_streamfields().prefetch_related("approvals")}
        return [by_id[pk] for pk in ids if pk in by_id]

    @cached_property
    def related_articles(self) -> list["ArticlePage"]:
        """The editor's choice, else the articles sharing most tags and therapies."""
        published = (
            ArticlePage.objects.published()
            .exclude(pk=self.pk)
            .defer_streamfields()
            .select_related("section")
        )
        chosen_ids = [link.article_id for link in self.related_article_links.all()]
        if chosen_ids:
            by_id = {a.pk: a for a in published.filter(pk__in=chosen_ids)}
            chosen = [by_id[pk] for pk in chosen_ids if pk in by_id]
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
        return list(
            published.annotate(shared=score)
            .filter(shared__gt=0)
            .order_by("-shared", "-first_published")[: self.related_limit]
        )

    def previous_article(self) -> "ArticlePage | None":
        """The next older published article (ties broken by id)."""
        if self.first_published is None:
            return None
        return (
            ArticlePage.objects.published()
            .filter(
                Q(first_published__lt=self.first_published)
                | Q(first_published=self.first_published, pk__lt=self.pk)
            )
            .defer_streamfields()
            .first()
        )

    def next_article(self) -> "ArticlePage | None":
        if self.first_published is None:
            return None
        return (
            ArticlePage.objects.published()
            .filter(
                Q(first_published__gt=self.first_published)
                | Q(first_published=self.first_published, pk__gt=self.pk)
            )
            .order_by("first_published", "pk")
            .defer_streamfields()
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["previous_article"] = self.previous_article()
        context["next_article"] = self.next_article()
        return context


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
