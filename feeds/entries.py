"""Feed items whatever they come from: :class:`Entry`, their ids, links and full text.

- ids that survive a title or slug change: a ``tag:`` URI built from the
  object's primary key, never from its URL;
- absolute links (``helix.links``: ``HELIX_BASE_URL`` or the Wagtail site);
- full content (rendered body, references appended) sanitised with nh3, with
  every link and image made absolute against the item's own URL.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from urllib.parse import urljoin, urlsplit

import nh3

from django.http import HttpRequest
from django.template.loader import render_to_string

from wagtail.models import Page

from feeds.generators import xml_safe
from helix.links import absolute_url, base_url
from sources.models import CitingPageMixin, Source

# How many entries a feed carries, and how long readers and proxies may reuse it.
FEED_LENGTH = 20
FEED_MAX_AGE = 300

# The date in every tag: URI (RFC 4151). Part of each item's id: never change it,
# or every subscriber sees every item again.
TAG_URI_DATE = "2026"
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
    #: The page an entry presents (articles, profiles): the feed loads the
    #: references and bodies of all its pages in one batch before rendering.
    page: Page | None = None

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
    """The sources the pages' prefetched references hold, for ``feeds.blocks``.

    ``prefetch_references`` loaded every source a page cites, key figures
    included: their blocks need not fetch them again.
    """
    sources = {}
    for page in pages:
        if isinstance(page, CitingPageMixin):
            for reference in (*page.references(), *page.further_reading_references()):
                sources[reference.source.pk] = reference.source
    return {Source: sources}
