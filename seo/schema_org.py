"""Schema.org descriptions (JSON-LD) of Helix content, for search engines and other programs.

Each function returns a plain dict; templates print it with ``{% json_ld data %}``
(``helix/templatetags/seo_tags.py``), which takes care of escaping.
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from helix.links import absolute_url

#: CSL kinds of source (``sources.models.SourceKind``) and their schema.org types.
SOURCE_TYPES = {
    "article-journal": "ScholarlyArticle",
    "article-newspaper": "NewsArticle",
    "book": "Book",
    "report": "Report",
    "webpage": "WebPage",
    "dataset": "Dataset",
}


def website(name: str, request: HttpRequest | None = None) -> dict[str, Any]:
    """The site as a ``WebSite`` whose ``SearchAction`` points at ``/search/``."""
    home = absolute_url("/", request)
    search = absolute_url(reverse("search:results"), request)
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": home,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def _published_date(source: Any) -> str:
    parts = [f"{source.year:04d}"]
    if source.month:
        parts.append(f"{source.month:02d}")
        if source.day:
            parts.append(f"{source.day:02d}")
    return "-".join(parts)


def _author(author: Any) -> dict[str, str]:
    if author.is_organisation:
        return {"@type": "Organization", "name": author.family}
    person = {"@type": "Person", "familyName": author.family, "name": author.family}
    if author.given:
        person["givenName"] = author.given
        person["name"] = f"{author.given} {author.family}"
    return person


def source(source: Any, request: HttpRequest | None = None) -> dict[str, Any]:
    """A reference-library source as ``ScholarlyArticle`` (journal papers) or ``CreativeWork``.

    Prefetch ``authors`` and ``tags`` when describing many sources.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SOURCE_TYPES.get(source.kind, "CreativeWork"),
        "name": source.title,
        "headline": source.title[:110],
        "datePublished": _published_date(source),
    }
    authors = [_author(author) for author in source.authors.all()]
    if authors:
        data["author"] = authors
    if source.container_title:
        data["isPartOf"] = {
            "@type": "Periodical" if source.kind == "article-journal" else "CreativeWork",
            "name": source.container_title,
        }
    if source.publisher:
        data["publisher"] = {"@type": "Organization", "name": source.publisher}
    for attribute, key in (("volume", "volumeNumber"), ("issue", "issueNumber")):
        if getattr(source, attribute):
            data[key] = getattr(source, attribute)
    if source.pages:
        data["pagination"] = source.pages
    if source.language:
        data["inLanguage"] = source.language
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in (
            ("DOI", source.doi),
            ("PMID", source.pmid),
            ("PMCID", source.pmcid),
            ("NCT", source.nct_number),
        )
        if value
    ]
    if identifiers:
        data["identifier"] = identifiers
    same_as = []
    if source.doi:
        same_as.append(f"https://doi.org/{source.doi}")
    if source.pmid:
        same_as.append(f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/")
    if same_as:
        data["sameAs"] = same_as
    if hasattr(source, "get_absolute_url"):
        data["url"] = absolute_url(source.get_absolute_url(), request)
    elif source.url:
        data["url"] = source.url
    keywords = [tag.name for tag in source.tags.all()]
    if keywords:
        data["keywords"] = keywords
    return data
