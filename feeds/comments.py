"""Approved-comment feeds: site-wide and per page; RSS, Atom and JSON Feed.

URLs: ``/feeds/comments.rss`` for the whole site and ``/feeds/comments/<page id>.rss``
for one page (``.atom`` for Atom, ``.json`` for JSON Feed). A page is named by its
id, not its slug: an article and a therapy profile may share a slug, and a
subscription must survive the page being renamed or moved.

Only approved comments on pages readers can list appear: published articles
(live, public, publication date come) and published therapy profiles. Personal
data (e-mail, IP address, user agent) is never even loaded: a template or a
future field cannot leak what the query did not fetch.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.http import HttpRequest

from wagtail.models import ModelLogEntry, Page

from articles.models import ArticlePage
from comments.models import Comment, CommentQuerySet
from comments.text import render_body
from feeds.base import AtomFeedMixin, HelixFeed, JsonFeedMixin, site_name
from feeds.entries import (
    FEED_LENGTH,
    Entry,
    page_url,
)
from feeds.links import FeedLink, feed_link
from therapies.models import TherapyPage

# What a comment entry reads; ``email``, ``ip_address`` and ``user_agent`` are not here.
ENTRY_FIELDS = ("pk", "page", "name", "body", "is_staff_reply", "created")


def syndicated_pages() -> Q:
    """The pages whose approved comments a feed may carry, as a filter on ``Page``.

    Built from each page type's own ``published()``, so a draft, a private or
    unpublished page and an article dated in the future are left out exactly
    as they are from every listing.
    """
    articles = ArticlePage.objects.published().order_by().values("pk")
    therapies = TherapyPage.objects.published().order_by().values("pk")
    return Q(pk__in=articles) | Q(pk__in=therapies)


def with_entry_data(comments: CommentQuerySet) -> CommentQuerySet:
    """What an entry shows (its page too) in one query, newest first; no personal data.

    ``moderated`` is when a moderator last acted on the comment (approved or
    edited it: the audit log), so a comment approved long after it was written
    still moves the feed's ``Last-Modified``.
    """
    moderated = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id=Cast(OuterRef("pk"), CharField()),
    ).order_by("-timestamp")
    return (
        comments.select_related("page")
        .only(*ENTRY_FIELDS)
        .annotate(moderated=Subquery(moderated.values("timestamp")[:1]))
        .order_by("-created", "-pk")
    )


def published_comments() -> CommentQuerySet:
    """Approved comments on syndicated pages."""
    pages = Page.objects.filter(syndicated_pages()).values("pk")
    return Comment.objects.approved().filter(page__in=pages)


def comment_url(comment: Comment, request: HttpRequest | None) -> str:
    """The comment's anchor on its page (``id="comment-<pk>"`` in the thread template)."""
    return f"{page_url(comment.page, request)}#comment-{comment.pk}"


def comment_entry(comment: Comment, request: HttpRequest | None) -> Entry:
    """A comment as a feed item: its author's name, its text, a link to it; its id is its pk."""
    changed = max(filter(None, [comment.created, getattr(comment, "moderated", None)]))
    return Entry(
        key=f"comment-{comment.pk}",
        title=f"Comment on “{comment.page.title}” by {comment.name}",
        url=comment_url(comment, request),
        published=comment.created,
        updated=comment.created,
        changed=changed,
        summary=comment.body,
        authors=[comment.name],
        categories=["Staff reply"] if comment.is_staff_reply else [],
        render_content=lambda: render_body(comment.body),
    )


# Discovery: a feed's title and URLs, shared by <link rel="alternate"> and /feeds/.


def latest_comments_link() -> FeedLink:
    return feed_link("comments", "Latest comments")


def page_comments_link(page: Page) -> FeedLink:
    return feed_link("page-comments", f"Comments on “{page.title}”", page_id=page.pk)


class LatestCommentsFeed(HelixFeed):
    """The newest approved comments anywhere on the site."""

    def get_entries(self, obj) -> list[Entry]:
        comments = with_entry_data(published_comments())[:FEED_LENGTH]
        return [comment_entry(comment, self.request) for comment in comments]

    def title(self, obj) -> str:
        return f"{site_name(self.request)}: {latest_comments_link().title}"

    def description(self, obj) -> str:
        return "The newest approved comments from readers, on every article and therapy profile."


class LatestCommentsAtomFeed(AtomFeedMixin, LatestCommentsFeed):
    pass


class LatestCommentsJsonFeed(JsonFeedMixin, LatestCommentsFeed):
    pass


class PageCommentsFeed(HelixFeed):
    """The newest approved comments on one page; 404 unless readers can see that page."""

    def get_object(self, request, page_id: int) -> Page:
        page = Page.objects.filter(syndicated_pages(), pk=page_id).first()
        if page is None:
            raise Page.DoesNotExist(page_id)
        return page

    def get_entries(self, page: Page) -> list[Entry]:
        # ``get_object`` found the page syndicated: its approved comments are public.
        comments = with_entry_data(Comment.objects.approved().for_page(page))[:FEED_LENGTH]
        entries = []
        for comment in comments:
            comment.page = page  # already loaded: the same page for every entry
            entries.append(comment_entry(comment, self.request))
        return entries

    def title(self, page: Page) -> str:
        return f"{site_name(self.request)}: {page_comments_link(page).title}"

    def description(self, page: Page) -> str:
        return f"Approved comments from readers on “{page.title}”, newest first."

    def link_path(self, page: Page) -> str:
        return (page.get_url(request=self.request) or "/") + "#comments"


class PageCommentsAtomFeed(AtomFeedMixin, PageCommentsFeed):
    pass


class PageCommentsJsonFeed(JsonFeedMixin, PageCommentsFeed):
    pass
