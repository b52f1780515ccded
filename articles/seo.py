"""Structured data for an article: schema.org JSON-LD that search engines read.

A medically reviewed article is a ``MedicalWebPage`` with ``reviewedBy`` and
``lastReviewed``; any other is an ``Article``.
"""

from django.http import HttpRequest
from django.utils.html import strip_tags

from helix.links import absolute_url, base_url


def author_json_ld(author, request: HttpRequest | None = None) -> dict:
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


def publisher_json_ld(request: HttpRequest | None = None) -> dict:
    """The site as publisher; its name comes from the site settings editors control."""
    from helix.models import SiteSettings

    name = "Helix"
    if request is not None:
        name = SiteSettings.for_request(request).site_name or name
    return {"@type": "Organization", "name": name, "url": base_url(request) + "/"}


def article_json_ld(page, request: HttpRequest | None = None, image_url: str = "") -> dict:
    """The JSON-LD object for one article page."""
    url = absolute_url(page.get_url(request=request) or "", request)
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage" if page.is_reviewed else "Article",
        "headline": page.title[:110],
        "name": page.title,
        "description": strip_tags(page.search_description or page.standfirst),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": [author_json_ld(author, request) for author in page.author_list],
        "inLanguage": "en",
        "publisher": publisher_json_ld(request),
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
        data["reviewedBy"] = author_json_ld(page.reviewed_by, request)
        data["lastReviewed"] = page.last_reviewed.isoformat()
    return data
