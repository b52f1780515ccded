"""The shared base of every Helix feed: RSS 2.0, Atom 1.0 and JSON Feed 1.1 from one definition.

A feed module (``feeds/articles.py``, ``feeds/therapies.py``, ``feeds/comments.py``)
declares a thin subclass of :class:`HelixFeed` that finds its object
(``get_object``, raising ``DoesNotExist`` for a 404) and turns it into a list of
:class:`feeds.entries.Entry` (``get_entries``); the Atom and JSON twins are the
same class with :class:`AtomFeedMixin` or :class:`JsonFeedMixin` in front, so
all three formats carry the same entries, ids and dates. This module does the
rest, once for all feeds, through the documented ``Feed`` methods only:

- conditional GET: an ``ETag`` and ``Last-Modified`` computed from the
  entries before anything is rendered, so a reader polling an unchanged feed
  gets a bodiless 304 and costs no template rendering;
- full text: the pages behind the entries get their references and bodies
  loaded in one batch (``prepare_pages``), then render as on the site. The
  whole response is page-cached, so nothing here caches a fragment.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils import feedgenerator
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.http import http_date, quote_etag

from wagtail.models import Page

from caching.declared import show
from caching.keys import listing_key
from feeds.blocks import prefetch_streams
from feeds.entries import FEED_MAX_AGE, Entry, known_sources, sanitise_html, tag_uri
from feeds.generators import HelixAtom1Feed, HelixJsonFeed, HelixRss201Feed
from helix.links import absolute_url, base_url
from sources.citing import prefetch_references
from sources.models import ReferenceSettings


class HelixFeed(Feed):
    """RSS 2.0 feed of :class:`Entry` items; subclass, and pair with the format mixins.

    Subclasses implement ``get_object`` (optional), ``get_entries(obj)``,
    ``title(obj)``, ``description(obj)`` and ``link_path(obj)``.
    The instance in the URLconf is shared by all requests, so each request works
    on a shallow copy that carries ``self.request`` and ``self.entries``.
    """

    feed_type = HelixRss201Feed
    #: What any feed's entries show, for the page cache (caching/): its items' pages,
    #: authors, sections, tags, images and sources, and comments.
    cache_listings = (
        "wagtailcore.page",
        "articles.articlepage",
        "articles.author",
        "articles.section",
        "taggit.tag",
        "therapies.therapypage",
        "therapies.condition",
        "sources.source",
        "wagtailimages.image",
        "reader_comments.comment",
    )

    def prefetch_references(self, pages: list) -> None:
        """Format every item's references in one batch, in the request's citation style."""
        style = ReferenceSettings.for_request(self.request).citation_style
        prefetch_references(pages, style)

    request: HttpRequest
    entries: list[Entry]

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        feed = copy.copy(self)
        feed.request = request
        return feed.respond(*args, **kwargs)

    def respond(self, *args, **kwargs) -> HttpResponse:
        show(*(listing_key(name) for name in self.cache_listings))
        try:
            obj = self.get_object(self.request, *args, **kwargs)
        except ObjectDoesNotExist as error:
            raise Http404("No such feed.") from error
        self.entries = list(self.get_entries(obj))

        response = HttpResponse(content_type=self.feed_type.content_type)
        response.headers["ETag"] = quote_etag(self.etag(obj))
        # HTTP dates have whole seconds: compare in whole seconds too.
        last_modified = self.last_modified()
        timestamp = int(last_modified.timestamp()) if last_modified else None
        if timestamp is not None:
            response.headers["Last-Modified"] = http_date(timestamp)
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        conditional = get_conditional_response(
            self.request, etag=response.headers["ETag"], last_modified=timestamp, response=response
        )
        if conditional is not response:
            return conditional  # 304 Not Modified, with the validators but no body

        self.prepare_pages([entry.page for entry in self.entries if entry.page is not None])
        self.get_feed(obj, self.request).write(response, "utf-8")
        return response

    def prepare_pages(self, pages: list[Page]) -> None:
        """References in the request's style, then bodies with the sources they cite.

        One batch for the whole feed, so its queries do not grow with its items.
        """
        if not pages:
            return
        self.prefetch_references(pages)
        prefetch_streams(pages, "body", known_sources(pages))

    # Validators -----------------------------------------------------------

    def etag(self, obj) -> str:
        """Changes whenever anything a reader sees could have changed."""
        digest = hashlib.sha256()
        for part in (
            type(self).__qualname__,
            base_url(self.request),
            str(self.title(obj)),
            *(entry.fingerprint() for entry in self.entries),
        ):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        return digest.hexdigest()[:32]

    def last_modified(self) -> datetime | None:
        dates = [e.changed or e.updated or e.published for e in self.entries]
        return max(dates) if dates else None

    # What subclasses provide ----------------------------------------------

    def get_entries(self, obj) -> Iterable[Entry]:
        raise NotImplementedError

    def title(self, obj) -> str:
        raise NotImplementedError

    def description(self, obj) -> str:
        raise NotImplementedError

    def link_path(self, obj) -> str:
        return "/"

    # Feed-level fields ----------------------------------------------------

    def items(self, obj) -> list[Entry]:
        return self.entries

    def link(self, obj) -> str:
        return absolute_url(self.link_path(obj), self.request)

    def feed_url(self, obj) -> str:
        return absolute_url(self.request.path, self.request)

    def feed_guid(self, obj) -> str:
        # The same id for every format of one feed (JSON Feed has no feed id).
        return tag_uri(self.request, "feed" + self.request.path.rsplit(".", 1)[0])

    def author_name(self, obj) -> str:
        return site_name(self.request)

    # Item fields ----------------------------------------------------------

    def item_title(self, entry: Entry) -> str:
        # Plain text in every format: the writer escapes it once, so a reader
        # shows what the editor typed (escaping here showed "&#x27;" in readers).
        return entry.title

    def item_link(self, entry: Entry) -> str:
        return entry.url

    def item_guid(self, entry: Entry) -> str:
        return tag_uri(self.request, entry.key)

    item_guid_is_permalink = False

    def item_description(self, entry: Entry) -> str:
        # The summary is plain text; RSS and Atom carry it as HTML, so escape it.
        return escape(entry.summary)

    def item_pubdate(self, entry: Entry) -> datetime:
        return entry.published

    def item_updateddate(self, entry: Entry) -> datetime:
        return entry.updated or entry.published

    def item_categories(self, entry: Entry) -> list[str]:
        return entry.categories

    def item_enclosures(self, entry: Entry) -> list[feedgenerator.Enclosure]:
        if entry.enclosure is None:
            return []
        enclosure = entry.enclosure
        return [feedgenerator.Enclosure(enclosure.url, str(enclosure.length), enclosure.mime_type)]

    def item_extra_kwargs(self, entry: Entry) -> dict:
        content = entry.render_content().strip() if entry.render_content else ""
        return {
            "authors": entry.authors,
            "content": sanitise_html(content, base=entry.url) if content else "",
        }


class AtomFeedMixin:
    """Put in front of a :class:`HelixFeed` subclass to serve it as Atom 1.0."""

    feed_type = HelixAtom1Feed

    def subtitle(self, obj) -> str:
        return self.description(obj)


class JsonFeedMixin:
    """Put in front of a :class:`HelixFeed` subclass to serve it as JSON Feed 1.1."""

    feed_type = HelixJsonFeed

    def item_description(self, entry: Entry) -> str:
        # JSON Feed's summary is plain text: it goes as typed, not escaped as
        # for RSS and Atom, which carry it as HTML.
        return entry.summary


def site_name(request: HttpRequest | None) -> str:
    """The publication's name from the site settings (cached per request by Wagtail)."""
    from helix.models import SiteSettings

    if request is None:
        return "Helix"
    return SiteSettings.for_request(request).site_name or "Helix"
