"""Articles: editorial pieces with authors, sections, review dates and tags."""

from django.db import models

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from comments.models import CommentablePageMixin
from helix.blocks import BodyBlock
from sources.models import CitingPageMixin


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

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticleIndexPage(Page):
    """Lists articles newest first, with tag, section and date filters."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["articles.ArticlePage"]
    max_count = 1


class ArticlePage(CitingPageMixin, CommentablePageMixin, Page):
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


class ArticleAuthor(Orderable):
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
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_article_links")
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]
