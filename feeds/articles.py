"""Article feeds: all articles, and per section, tag and author; RSS, Atom and JSON Feed."""

from django.db.models import QuerySet
from django.http import HttpRequest

from taggit.models import Tag

from articles.models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    ArticlePageQuerySet,
    ArticleTag,
    Author,
    Section,
)
from caching.declared import show
from feeds.base import AtomFeedMixin, HelixFeed, JsonFeedMixin, site_name
from feeds.entries import (
    FEED_LENGTH,
    Entry,
    image_enclosure,
    page_content,
    page_url,
)
from feeds.links import FeedLink, feed_link, reverse_or
from tags.tagging import listing_keys, visible_tags


def published_articles() -> ArticlePageQuerySet:
    """Live, public articles whose publication date has come, newest first."""
    return ArticlePage.objects.published()


def with_entry_data(articles: ArticlePageQuerySet) -> ArticlePageQuerySet:
    """The articles with what an entry shows from their own rows: section and hero image.

    Authors and tags come from :func:`article_entries` in one query each, as
    plain values: a feed only shows their names, and Django's prefetching
    builds a queryset per article to hold them.
    """
    return articles.select_related("section", "hero_image")


def entry_names(articles: list[ArticlePage]) -> tuple[dict[int, list], dict[int, list]]:
    """Every article's author names (in the editor's order) and tag names: two queries."""
    ids = [article.pk for article in articles]
    authors: dict[int, list[str]] = {pk: [] for pk in ids}
    tags: dict[int, list[str]] = {pk: [] for pk in ids}
    if ids:
        links = ArticleAuthor.objects.filter(page_id__in=ids).order_by("sort_order", "pk")
        for page_id, name in links.values_list("page_id", "author__name"):
            authors[page_id].append(name)
        tagged = ArticleTag.objects.filter(content_object_id__in=ids)
        for page_id, name in tagged.values_list("content_object_id", "tag__name"):
            tags[page_id].append(name)
    return authors, tags


def article_entries(articles: list[ArticlePage], request: HttpRequest | None) -> list[Entry]:
    """Entries for articles loaded with :func:`with_entry_data`, in a fixed number of queries.

    Their full text renders when the feed is sent, after
    ``HelixFeed.prepare_pages`` loaded every article's references and body in
    one batch.
    """
    authors, tags = entry_names(articles)
    return [
        article_entry(article, request, authors[article.pk], tags[article.pk])
        for article in articles
    ]


def article_entry(
    article: ArticlePage, request: HttpRequest | None, authors: list[str], tags: list[str]
) -> Entry:
    """An article as a feed item; its id depends on the page id only."""
    updated = max(filter(None, [article.first_published, article.last_updated]))
    categories = [article.section.name] if article.section else []
    categories += sorted(tags)
    return Entry(
        key=f"page-{article.pk}",
        title=article.title,
        url=page_url(article, request),
        published=article.first_published,
        updated=updated,
        changed=max(filter(None, [updated, article.last_published_at])),
        summary=article.standfirst,
        authors=authors,
        categories=categories,
        enclosure=image_enclosure(article.hero_image, request),
        render_content=lambda: page_content(
            article,
            request,
            image=article.hero_image,
            caption=article.hero_caption,
            credit=article.hero_credit,
        ),
        page=article,
    )


# Discovery: a feed's title and URLs, shared by <link rel="alternate"> and /feeds/.


def latest_articles_link() -> FeedLink:
    return feed_link("articles", "Latest articles")


def section_link(section: Section) -> FeedLink:
    return feed_link("section", f"Articles in {section.name}", slug=section.slug)


def tag_link(tag: Tag) -> FeedLink:
    return feed_link("tag", f"Articles tagged “{tag.name}”", slug=tag.slug)


def author_link(author: Author) -> FeedLink:
    return feed_link("author", f"Articles by {author.name}", slug=author.slug)


class ArticleFeed(HelixFeed):
    """The newest published articles chosen by ``get_articles``."""

    def get_articles(self, obj) -> QuerySet[ArticlePage]:
        return published_articles()

    def get_entries(self, obj) -> list[Entry]:
        articles = list(with_entry_data(self.get_articles(obj))[:FEED_LENGTH])
        return article_entries(articles, self.request)

    def discovery(self, obj) -> FeedLink:
        return latest_articles_link()

    def title(self, obj) -> str:
        return f"{site_name(self.request)}: {self.discovery(obj).title}"

    def description(self, obj) -> str:
        return "The newest articles on gene therapy, with their references."

    def link_path(self, obj) -> str:
        index = ArticleIndexPage.objects.live().public().first()
        return index.get_url(request=self.request) if index else "/"


class LatestArticlesFeed(ArticleFeed):
    pass


class LatestArticlesAtomFeed(AtomFeedMixin, LatestArticlesFeed):
    pass


class LatestArticlesJsonFeed(JsonFeedMixin, LatestArticlesFeed):
    pass


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug: str) -> Section:
        return Section.objects.get(slug=slug)

    def get_articles(self, section: Section) -> QuerySet[ArticlePage]:
        return published_articles().filter(section=section)

    def discovery(self, section: Section) -> FeedLink:
        return section_link(section)

    def description(self, section: Section) -> str:
        return section.description or f"The newest articles in {section.name}."


class SectionAtomFeed(AtomFeedMixin, SectionFeed):
    pass


class SectionJsonFeed(JsonFeedMixin, SectionFeed):
    pass


class TagFeed(ArticleFeed):
    def get_object(self, request, slug: str) -> Tag:
        """The tag, if readers can see something carrying it (as for its tag page)."""
        show(*listing_keys())
        return visible_tags().get(slug=slug)

    def get_articles(self, tag: Tag) -> QuerySet[ArticlePage]:
        return published_articles().filter(tagged_items__tag=tag)

    def discovery(self, tag: Tag) -> FeedLink:
        return tag_link(tag)

    def description(self, tag: Tag) -> str:
        return f"The newest articles tagged “{tag.name}”."

    def link_path(self, tag: Tag) -> str:
        # The tag page belongs to the articles app (/tags/<slug>/).
        return reverse_or("tags:detail", f"/tags/{tag.slug}/", slug=tag.slug)


class TagAtomFeed(AtomFeedMixin, TagFeed):
    pass


class TagJsonFeed(JsonFeedMixin, TagFeed):
    pass


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug: str) -> Author:
        return Author.objects.published().get(slug=slug)

    def get_articles(self, author: Author) -> QuerySet[ArticlePage]:
        # A subquery, not a join: an author listed twice never doubles an article.
        written = ArticleAuthor.objects.filter(author=author).values("page_id")
        return published_articles().filter(pk__in=written)

    def discovery(self, author: Author) -> FeedLink:
        return author_link(author)

    def description(self, author: Author) -> str:
        return f"The newest articles by {author.name}."

    def link_path(self, author: Author) -> str:
        # Author pages belong to the articles app (/authors/<slug>/).
        if hasattr(author, "get_absolute_url"):
            return author.get_absolute_url()
        return f"/authors/{author.slug}/"


class AuthorAtomFeed(AtomFeedMixin, AuthorFeed):
    pass


class AuthorJsonFeed(JsonFeedMixin, AuthorFeed):
    pass
