"""How readers find feeds: a feed's title and the URLs of its RSS, Atom and JSON Feed forms.

Shared by ``<link rel="alternate">`` in page heads (``feeds.templatetags.feed_tags``)
and the /feeds/ page; each feed module names its own feeds with these.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class FeedLink:
    """A feed as a reader discovers it: a title and its three formats' URLs."""

    title: str
    rss: str
    atom: str
    json: str

    def formats(self) -> list[tuple[str, str, str]]:
        """(label, media type, URL) of each format, in the order pages list them."""
        return [
            ("RSS", "application/rss+xml", self.rss),
            ("Atom", "application/atom+xml", self.atom),
            ("JSON Feed", "application/feed+json", self.json),
        ]


def feed_link(name: str, title: str, **kwargs) -> FeedLink:
    """The URLs of the feed routed as ``feeds:<name>-rss|atom|json``."""
    return FeedLink(
        title=title,
        rss=reverse(f"feeds:{name}-rss", kwargs=kwargs),
        atom=reverse(f"feeds:{name}-atom", kwargs=kwargs),
        json=reverse(f"feeds:{name}-json", kwargs=kwargs),
    )


def reverse_or(name: str, fallback: str, **kwargs) -> str:
    """``reverse()`` a URL another app owns, or ``fallback`` while it is not routed."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return fallback
