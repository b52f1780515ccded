"""The shared base of every Helix feed: RSS 2.0 and Atom 1.0 from one definition.

An app's ``feeds.py`` declares a thin subclass of :class:`HelixFeed` that finds
its object (``get_object``, raising ``DoesNotExist`` for a 404) and turns it into
a list of :class:`Entry` (``get_entries``); the Atom twin is the same class with
:class:`AtomFeedMixin` in front. This module does the rest, once for all feeds:

- absolute links (``helix.links``: ``HELIX_BASE_URL`` or the Wagtail site);
- ids that survive a title or slug change: a ``tag:`` URI built from the
  object's primary key, never from its URL;
- full content (rendered body, references appended) sanitised with nh3, with
  every link and image made absolute against the item's own URL;
- XML safety: characters XML 1.0 forbids (control characters, lone
  surrogates) are dropped from every string on its way into the generator,
  because Django's generator raises on them and one bad title would otherwise
  take the whole feed down;
- conditional GET: an ``ETag`` and ``Last-Modified`` computed from the
  entries before anything is rendered, so a reader polling an unchanged feed
  gets a bodiless 304 and costs no template rendering.
"""

from __future__ import annotations

import copy
import hashlib
import mimetypes
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from urllib.parse import urljoin, urlsplit

import nh3

from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils import feedgenerator
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.http import http_date, quote_etag

from wagtail.models import Page

from helix import fragments
from helix.cache import page_tag
from helix.feed_blocks import prefetch_streams
from helix.feed_links import FeedLink  # noqa: F401 (re-exported for helix.templatetags)
from helix.links import absolute_url, base_url
from sources.citing import prefetch_references
from sources.models import CitingPageMixin, ReferenceSettings, Source

# How many entries a feed carries, and how long readers and proxies may reuse it.
FEED_LENGTH = 20
FEED_MAX_AGE = 300

# The date in every tag: URI (RFC 4151). Part of each item's id: never change it,
# or every subscriber sees every item again.
TAG_URI_DATE = "2026"

# Characters XML 1.0 cannot carry at all: C0 controls other than tab, newline
# and carriage return, lone surrogates, and the two non-characters U+FFFE/FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# HTML a feed reader may show: nh3's conservative defaults plus what our body
# blocks produce. No scripts, styles, iframes, forms or event handlers survive.
CONTENT_TAGS = nh3.ALLOWED_TAGS | {"section"}
CONTENT_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "li": {"value"},
}
CONTENT_URL_SCHEMES = {"http", "https", "mailto"}
_URL_ATTRIBUTES = {"href", "src", "cite"}


def xml_safe(text: str | None) -> str | None:
    """Drop the characters XML 1.0 forbids; emoji, RTL text and ``]]>`` pass intact."""
    if text is None:
        return None
    return _XML_FORBIDDEN.sub("", str(text))


def sanitise_html(html: str, base: str) -> str:
    """Make rendered HTML safe to hand to any feed reader, with absolute URLs.

    ``base`` is the item's own absolute URL: ``#references`` then points at the
    article's references, ``/therapies/x/`` at the public site.
    """

    def absolutise(tag: str, attribute: str, value: str) -> str | None:
        if attribute in _URL_ATTRIBUTES:
            return urljoin(base, value.strip())
        return value

    return nh3.clean(
        xml_safe(html),
        tags=CONTENT_TAGS,
        attributes=CONTENT_ATTRIBUTES,
        attribute_filter=absolutise,
        url_schemes=CONTENT_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def as_datetime(value: date | datetime | None) -> datetime | None:
    """Feeds need instants: a date (e.g. an approval's) is taken as midnight UTC."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time.min, tzinfo=UTC)


def tag_uri(request: HttpRequest | None, specific: str) -> str:
    """A permanent id such as ``tag:helix.example,2026:page-42`` (RFC 4151)."""
    authority = urlsplit(base_url(request)).hostname or "localhost"
    return f"tag:{authority},{TAG_URI_DATE}:{specific}"


def page_url(page: Page, request: HttpRequest | None) -> str:
    """The absolute public URL of a page."""
    return absolute_url(page.get_url(request=request) or "/", request)


@dataclass(frozen=True)
class Enclosure:
    """A media file attached to an entry (RSS ``<enclosure>``, Atom ``rel=enclosure``)."""

    url: str
    length: int
    mime_type: str


def image_enclosure(image, request: HttpRequest | None) -> Enclosure | None:
    """The original upload of a Wagtail image as an enclosure.

    The original, not a rendition: its byte size is stored on the image
    (``file_size``), so an enclosure costs neither a query nor image processing
    while the feed is built.
    """
    if image is None or not image.file:
        return None
    length = image.file_size
    if length is None:
        try:
            length = image.file.size
        except OSError:
            length = 0
    mime_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
    return Enclosure(absolute_url(image.file.url, request), length, mime_type)


@dataclass
class Entry:
    """One feed item, whatever model it comes from.

    ``key`` names the object for good (e.g. ``page-42``) and becomes the GUID;
    ``changed`` is when its public content last changed (validators);
    ``render_content`` returns the full HTML body, called only if the feed is
    actually sent.
    """

    key: str
    title: str
    url: str
    published: datetime
    updated: datetime | None = None
    changed: datetime | None = None
    summary: str = ""
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    enclosure: Enclosure | None = None
    render_content: Callable[[], str] | None = None
    #: The page an entry presents (articles, profiles): its content is cached,
    #: and the feed prepares references and bodies only for pages not cached.
    page: Page | None = None
    #: Rows the content shows that were loaded before it rendered (a hero image).
    content_tags: tuple[str, ...] = ()

    def fingerprint(self) -> str:
        """What a reader would notice changing, cheaply: feeds the ETag."""
        return "|".join(
            [
                self.key,
                self.title,
                self.url,
                self.summary,
                (self.changed or self.updated or self.published).isoformat(),
                ",".join(self.authors),
                ",".join(self.categories),
                self.enclosure.url if self.enclosure else "",
            ]
        )


def newest_first(entries: Iterable[Entry], limit: int = FEED_LENGTH) -> list[Entry]:
    """Merge entries of several kinds: most recently updated first, at most ``limit``."""
    return sorted(entries, key=lambda e: e.updated or e.published, reverse=True)[:limit]


def page_content(
    page: Page, request: HttpRequest | None, *, image=None, caption: str = "", credit: str = ""
) -> str:
    """A page's body as a feed reader should see it, references list appended.

    The body renders through the same block templates as the page (so citation
    markers are numbered as on the site); the references are those of
    ``sources.CitingPageMixin.references()``, where the page has them.
    """
    # Feeds build every item's references in one batch first (``prefetch_references``).
    references = page.references() if isinstance(page, CitingPageMixin) else []
    return render_to_string(
        "feeds/page_content.html",
        {
            "page": page,
            "image": image,
            "caption": caption,
            "credit": credit,
            "references": references,
        },
        request=request,
    )


def known_sources(pages: Iterable[Page]) -> dict:
    """The sources the pages' prefetched references hold, for ``helix.feed_blocks``.

    ``prefetch_references`` loaded every source a page cites, key figures
    included: their blocks need not fetch them again.
    """
    sources = {}
    for page in pages:
        for cached in ("_references", "_further_reading"):
            for reference in page.__dict__.get(cached, ()):
                sources[reference.source.pk] = reference.source
    return {Source: sources}


class HelixRss201Feed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with ``content:encoded`` (full text) and one ``dc:creator`` per author."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **_xml_safe_kwargs(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **_xml_safe_kwargs(kwargs))

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            # RSS 2.0 has no "updated"; the Atom element is the common extension.
            handler.addQuickElement("atom:updated", feedgenerator.rfc3339_date(item["updateddate"]))
        for name in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class HelixAtom1Feed(feedgenerator.Atom1Feed):
    """Atom 1.0 with ``<content type="html">`` and one ``<author>`` per author."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **_xml_safe_kwargs(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **_xml_safe_kwargs(kwargs))

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


def _xml_safe_kwargs(kwargs: dict) -> dict:
    """The one gate every string passes on its way into a feed generator."""

    def clean(value):
        if isinstance(value, str):
            return xml_safe(value)
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return value

    return {name: clean(value) for name, value in kwargs.items()}


class HelixFeed(Feed):
    """RSS 2.0 feed of :class:`Entry` items; subclass, and pair with :class:`AtomFeedMixin`.

    Subclasses implement ``get_object`` (optional), ``get_entries(obj)``,
    ``title(obj)``, ``description(obj)`` and ``link_path(obj)``.
    The instance in the URLconf is shared by all requests, so each request works
    on a shallow copy that carries ``self.request`` and ``self.entries``.
    """

    feed_type = HelixRss201Feed

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

        self.fill_page_contents()
        self.get_feed(obj, self.request).write(response, "utf-8")
        return response

    def fill_page_contents(self) -> None:
        """Each page entry's full text, cached until what it shows changes.

        Only the pages whose text is not cached get their references and bodies
        loaded (``prepare_pages``), in one batch; everything that loads records
        the tags that invalidate it (helix/fragments.py), plus the page's own.
        """
        pending = [entry for entry in self.entries if entry.page is not None]
        if not pending:
            return
        host = base_url(self.request)
        keys = [f"feed-content:{host}:{entry.key}" for entry in pending]

        def build(missing: list[int]) -> list[str]:
            batch = [pending[index] for index in missing]
            self.prepare_pages([entry.page for entry in batch])
            return [entry.render_content() for entry in batch]

        def tags(index: int) -> list[str]:
            entry = pending[index]
            return [page_tag(entry.page.pk), *entry.content_tags]

        for entry, html in zip(pending, fragments.cached_many(keys, build, tags), strict=True):
            entry.render_content = lambda html=html: html

    def prepare_pages(self, pages: list[Page]) -> None:
        """References in the request's style, then bodies with the sources they cite."""
        self.prefetch_references(pages)
        prefetch_streams(pages, "body", known_sources(pages))

    # Validators -----------------------------------------------------------

    def etag(self, obj) -> str:
        """Changes whenever anything a reader sees could have changed."""
        digest = hashlib.sha256()
        for part in (
            type(self).__qualname__,
            base_url(self.request),
            str(self._get_dynamic_attr("title", obj)),
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
        # The same id for the RSS and Atom forms of one feed.
        return tag_uri(self.request, "feed" + self.request.path.rsplit(".", 1)[0])

    def author_name(self, obj) -> str:
        return site_name(self.request)

    # Item fields ----------------------------------------------------------

    def item_title(self, entry: Entry) -> str:
        # Plain text in both formats: the XML writer escapes it once, so a reader
        # shows what the editor typed (escaping here showed "&#x27;" in readers).
        return entry.title

    def item_link(self, entry: Entry) -> str:
        return entry.url

    def item_guid(self, entry: Entry) -> str:
        return tag_uri(self.request, entry.key)

    item_guid_is_permalink = False

    def item_description(self, entry: Entry) -> str:
        # The summary is plain text; both formats carry it as HTML, so escape it.
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
        return self._get_dynamic_attr("description", obj)


def site_name(request: HttpRequest | None) -> str:
    """The publication's name from the site settings (cached per request by Wagtail)."""
    from helix.models import SiteSettings

    if request is None:
        return "Helix"
    return SiteSettings.for_request(request).site_name or "Helix"
