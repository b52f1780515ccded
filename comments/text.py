"""Reader text in and out: stripping what breaks feeds, rendering what readers wrote.

A comment body is plain text. It is rendered by escaping everything, keeping
paragraphs and line breaks, and turning bare http(s) URLs into links that pass
no ranking (``rel="nofollow ugc noopener"``). nh3 cleans the result once more,
so even a bug here cannot let markup through.
"""

import re

import nh3

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

URL_RE = re.compile(r"""\bhttps?://[^\s<>"']+""", re.IGNORECASE)
# Punctuation that ends a sentence more often than a URL.
TRAILING_PUNCTUATION = ".,;:!?)]}'\""
LINK_REL = "nofollow ugc noopener"


def count_links(text: str) -> int:
    return len(URL_RE.findall(text or "")) + (text or "").lower().count("<a ")


def _split_url(match: str) -> tuple[str, str]:
    url = match
    while url and url[-1] in TRAILING_PUNCTUATION:
        url = url[:-1]
    return url, match[len(url) :]


def _linkify(line: str) -> str:
    html = []
    position = 0
    for match in URL_RE.finditer(line):
        url, trailing = _split_url(match.group(0))
        html.append(escape(line[position : match.start()]))
        html.append(f'<a href="{escape(url)}">{escape(url)}</a>{escape(trailing)}')
        position = match.end()
    html.append(escape(line[position:]))
    return "".join(html)


def render_body(text: str) -> SafeString:
    """Plain text to safe HTML: escaped, paragraphs and line breaks kept, URLs linked."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    html = "".join(
        "<p>" + "<br>".join(_linkify(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    cleaned = nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)


def initials(name: str) -> str:
    """Up to two initials for the avatar ("Ada Lovelace" -> "AL"); "?" when none."""
    letters = [word[0] for word in re.findall(r"\w+", name or "") if not word[0].isdigit()]
    if not letters:
        return "?"
    if len(letters) == 1:
        return letters[0].upper()
    return (letters[0] + letters[-1]).upper()
