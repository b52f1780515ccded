"""Site-wide models: the home page and the settings an editor can change."""

from django.apps import apps
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from helix.page_permissions import OwnDraftsMixin
from helix.pages import open_to_readers


class HomePage(OwnDraftsMixin, Page):
    """The front door: a welcome and the newest content from each section."""

    tagline = models.CharField(
        max_length=200,
        blank=True,
        help_text="A line under the title; the site tagline is used when empty.",
    )
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("tagline"), FieldPanel("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    latest_articles_count = 3
    #: What it lists, for the page cache (caching/pages.py).
    cache_listings = ("articles.articlepage", "articles.articleindexpage")

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        # Looked up, not imported: the articles app builds on helix, never the reverse.
        ArticlePage = apps.get_model("articles", "ArticlePage")
        ArticleIndexPage = apps.get_model("articles", "ArticleIndexPage")

        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = list(
            ArticlePage.objects.descendant_of(self)
            .published()
            .for_listing()[: self.latest_articles_count]
        )
        context["article_index"] = (
            ArticleIndexPage.objects.child_of(self).live().filter(open_to_readers()).first()
        )
        return context


@register_setting(icon="site")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """What appears in every page's header and footer, editable per site."""

    site_name = models.CharField(max_length=100, default="Helix")
    tagline = models.CharField(
        max_length=200, blank=True, default="Gene therapy, explained and referenced"
    )
    contact_email = models.EmailField(blank=True)
    footer_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="A short line in the footer, e.g. a medical disclaimer.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("tagline"), FieldPanel("contact_email")],
            heading="Identity",
        ),
        FieldPanel("footer_text"),
        InlinePanel("social_links", label="Social links", heading="Social links"),
    ]

    class Meta:
        verbose_name = "site settings"

    @classmethod
    def base_queryset(cls):
        # The footer's links come with the settings: one query for both.
        return super().base_queryset().prefetch_related("social_links")


class SocialLink(Orderable):
    """A profile of the publication elsewhere, shown in the footer."""

    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="social_links")
    label = models.CharField(max_length=50, help_text="E.g. Mastodon, Bluesky, LinkedIn.")
    url = models.URLField("URL")

    panels = [FieldPanel("label"), FieldPanel("url")]

    def __str__(self) -> str:
        return self.label
