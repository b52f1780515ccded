"""Feed autodiscovery: ``{% feed_links %}`` in the <head> of every page.

Every page advertises the site-wide article feed; a page about something that
has its own feed advertises that one too. It looks at the ``page`` (a therapy
profile has its own feed; an article or a therapy profile, its comments feed)
and at the context variables views use for the thing they show (``SUBJECTS``),
objects already loaded. The only query is
the privacy check of such a page, made once: a draft preview or a private page
has no public feed, so it advertises none.
"""

from django import template
from django.utils import timezone

from taggit.models import Tag
from wagtail.models import Page

from articles.models import ArticlePage, Author, Section
from comments.models import CommentablePageMixin
from feeds.articles import author_link, latest_articles_link, section_link, tag_link
from feeds.comments import page_comments_link
from feeds.links import FeedLink
from feeds.therapies import condition_link, therapy_link
from therapies.models import Condition, TherapyPage

register = template.Library()

# Which feed a context object has, by type.
FEED_LINK_FOR = {
    Author: author_link,
    Tag: tag_link,
    Section: section_link,
    Condition: condition_link,
    TherapyPage: therapy_link,
}


#: The context variables that name what a page lists: the page itself, the
#: subject of a tag, author or condition page, and the article index's section
#: and tag filters (``/articles/section/<slug>/``, ``/articles/tag/<slug>/``).
SUBJECTS = ("page", "author", "tag", "filter_tag", "section", "filter_section", "condition")


def feeds_for_context(context) -> list[FeedLink]:
    """The site-wide feed first, then the feeds of what this page is about."""
    links = [latest_articles_link()]
    page = context.get("page")
    # Only pages with feeds of their own pay for the privacy check.
    public_page = isinstance(page, CommentablePageMixin) and page.pk is not None and is_public(page)
    candidates = [context.get(name) for name in SUBJECTS]
    for obj in candidates:
        make_link = FEED_LINK_FOR.get(type(obj))
        if make_link is None or not getattr(obj, "slug", ""):
            continue
        if isinstance(obj, Page) and not public_page:
            continue
        link = make_link(obj)
        if link not in links:
            links.append(link)
    if public_page:
        links.append(page_comments_link(page))
    return links


def is_public(page: Page) -> bool:
    """Live, not behind a view restriction and, for an article, dated: what a feed may show."""
    if isinstance(page, ArticlePage) and not (
        page.first_published and page.first_published <= timezone.now()
    ):
        return False
    return page.live and not page.get_view_restrictions().exists()


@register.inclusion_tag("feeds/includes/feed_links.html", takes_context=True)
def feed_links(context):
    """``<link rel="alternate">`` for each feed of the current page: RSS, Atom, JSON Feed."""
    return {"feed_links": feeds_for_context(context), "request": context.get("request")}
