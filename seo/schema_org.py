"""Schema.org descriptions (JSON-LD) of Helix content: the one place that builds them.

Each function returns a plain dict from objects the caller already loaded (no
queries of its own beyond what it says); templates print it with
``{% json_ld data %}`` or the page tags in ``seo/templatetags/seo_tags.py``,
which take care of escaping. Objects are read by their fields, so this module
imports no content app.

- ``website``: the home page's ``WebSite`` with its ``SearchAction``;
- ``article``: an article, a ``MedicalWebPage`` when medically reviewed;
- ``therapy``: a therapy profile as ``MedicalTherapy``;
- ``source``: a reference-library source (``ScholarlyArticle`` and kin).
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import strip_tags

from helix.links import absolute_url, base_url

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


def _source_author(author: Any) -> dict[str, str]:
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
    authors = [_source_author(author) for author in source.authors.all()]
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


def author(author, request: HttpRequest | None = None) -> dict:
    """An ``Author`` snippet as a ``Person`` or ``Organization`` with its page."""
    data = {
        "@type": "Organization" if author.is_organisation else "Person",
        "name": author.name,
        "url": absolute_url(author.get_absolute_url(), request),
    }
    if author.credentials and not author.is_organisation:
        data["jobTitle"] = author.credentials
    if author.organisation and not author.is_organisation:
        data["affiliation"] = {"@type": "Organization", "name": author.organisation}
    return data


def publisher(request: HttpRequest | None = None) -> dict:
    """The site as publisher; its name comes from the site settings editors control."""
    from helix.models import SiteSettings

    name = "Helix"
    if request is not None:
        name = SiteSettings.for_request(request).site_name or name
    return {"@type": "Organization", "name": name, "url": base_url(request) + "/"}


def article(page, request: HttpRequest | None = None, image_url: str = "") -> dict:
    """One article: a ``MedicalWebPage`` with ``reviewedBy`` and ``lastReviewed``
    when medically reviewed, an ``Article`` otherwise."""
    url = absolute_url(page.get_url(request=request) or "", request)
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage" if page.is_reviewed else "Article",
        "headline": page.title[:110],
        "name": page.title,
        "description": strip_tags(page.search_description or page.standfirst),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": [author(person, request) for person in page.author_list],
        "inLanguage": "en",
        "publisher": publisher(request),
    }
    if page.first_published:
        data["datePublished"] = page.first_published.isoformat()
    if page.date_modified:
        data["dateModified"] = page.date_modified.isoformat()
    if page.section_id:
        data["articleSection"] = page.section.name
    if page.tag_list:
        data["keywords"] = [tag.name for tag in page.tag_list]
    if image_url:
        data["image"] = absolute_url(image_url, request)
    if page.is_reviewed:
        data["reviewedBy"] = author(page.reviewed_by, request)
        data["lastReviewed"] = page.last_reviewed.isoformat()
    return data


def therapy(therapy, request: HttpRequest | None, *, conditions, approvals, trials) -> dict:
    """A therapy profile as ``MedicalTherapy``, from rows the page has already loaded.

    Conditions are stated with ``@reverse possibleTreatment``: schema.org links a
    condition to its treatments, not a therapy to its indications.
    """
    data: dict = {
        "@context": "https://schema.org",
        "@type": "MedicalTherapy",
        "name": therapy.title,
        "description": therapy.search_description or therapy.summary,
        "url": absolute_url(therapy.url, request),
    }
    if therapy.alias_list:
        data["alternateName"] = therapy.alias_list
    if conditions:
        data["@reverse"] = {
            "possibleTreatment": [
                {
                    "@type": "MedicalCondition",
                    "name": condition.name,
                    "url": absolute_url(condition.get_absolute_url(), request),
                }
                for condition in conditions
            ]
        }
    if approvals:
        data["legalStatus"] = [
            " ".join(
                part
                for part in (
                    approval.product_name,
                    f"{approval.get_status_display()} by {approval.regulator}",
                    f"on {approval.date.isoformat()}" if approval.date else "",
                )
                if part
            )
            for approval in approvals
        ]
    if trials:
        data["study"] = [
            {
                "@type": "MedicalTrial",
                "identifier": trial.nct_number,
                "name": trial.title or trial.nct_number,
                "url": trial.registry_url,
            }
            for trial in trials
        ]
    if therapy.last_published_at:
        data["dateModified"] = therapy.last_published_at.isoformat()
    return data
