"""What the public API returns for each kind of content.

Every field is listed explicitly (no model introspection): a field added to a
model later never reaches the public API by accident, and no user, owner or
e-mail address is ever part of a response.
"""

import datetime
from typing import Any

from ninja import Schema

from wagtail.rich_text import expand_db_html

from api.bodies import public_html, references_for_api, stream_for_api
from helix.links import absolute_url


def _request(context: dict) -> Any:
    return context.get("request") if context else None


def page_url(page: Any, context: dict) -> str:
    return absolute_url(page.get_url(_request(context)) or "", _request(context))


def _tag_names(obj: Any) -> list[str]:
    return [tag.name for tag in obj.tags.all()]


class TagSchema(Schema):
    name: str
    slug: str


class PageLinkSchema(Schema):
    """Another page, by id, title and public URL."""

    id: int
    title: str
    url: str

    @staticmethod
    def resolve_url(page: Any, context: dict) -> str:
        return page_url(page, context)


class SectionSchema(Schema):
    name: str
    slug: str


class AuthorSchema(Schema):
    """A writer or reviewer as credited on the page (never their contact details)."""

    name: str
    slug: str
    credentials: str
    organisation: str
    is_organisation: bool


class ReferenceSchema(Schema):
    """One entry of a page's references as readers see it: its number (none for further
    reading), the formatted text (plain and HTML) and the links to the work."""

    number: int | None = None
    source_id: int
    text: str
    html: str
    doi: str
    doi_url: str
    pmid: str
    url: str
    retracted: bool


class ArticleSchema(Schema):
    id: int
    title: str
    slug: str
    url: str
    standfirst: str
    section: SectionSchema | None = None
    tags: list[TagSchema]
    authors: list[AuthorSchema]
    therapies: list[PageLinkSchema]
    first_published: datetime.datetime | None = None
    last_updated: datetime.datetime | None = None
    last_published_at: datetime.datetime | None = None

    @staticmethod
    def resolve_url(page: Any, context: dict) -> str:
        return page_url(page, context)

    @staticmethod
    def resolve_tags(page: Any) -> list:
        return list(page.tags.all())

    @staticmethod
    def resolve_authors(page: Any) -> list:
        return [link.author for link in page.authors.all()]

    @staticmethod
    def resolve_therapies(page: Any) -> list:
        return [link.therapy for link in page.therapy_links.all()]


class ArticleDetailSchema(ArticleSchema):
    reviewed_by: AuthorSchema | None = None
    last_reviewed: datetime.date | None = None
    next_review_due: datetime.date | None = None
    body: list[dict[str, Any]]
    references: list[ReferenceSchema]

    @staticmethod
    def resolve_body(page: Any, context: dict) -> list:
        return stream_for_api(page.body, page_url(page, context), _request(context))

    @staticmethod
    def resolve_references(page: Any) -> list:
        return references_for_api(page)


class ConditionLinkSchema(Schema):
    id: int
    name: str
    slug: str


class ApprovalSchema(Schema):
    regulator: str
    product_name: str
    status: str
    date: datetime.date | None = None
    indication: str


class TrialSchema(Schema):
    nct_number: str
    title: str
    phase: str


class CentreSchema(Schema):
    name: str
    city: str
    country: str


class TherapySchema(Schema):
    id: int
    title: str
    slug: str
    url: str
    also_known_as: str
    summary: str
    modality: str
    aim: str
    vector: str
    delivery_route: str
    target_genes: list[str]
    conditions: list[ConditionLinkSchema]
    tags: list[TagSchema]
    last_published_at: datetime.datetime | None = None

    @staticmethod
    def resolve_url(page: Any, context: dict) -> str:
        return page_url(page, context)

    @staticmethod
    def resolve_target_genes(page: Any) -> list[str]:
        return [gene.strip() for gene in page.target_genes.split(",") if gene.strip()]

    @staticmethod
    def resolve_conditions(page: Any) -> list:
        return list(page.conditions.all())

    @staticmethod
    def resolve_tags(page: Any) -> list:
        return list(page.tags.all())


class TherapyDetailSchema(TherapySchema):
    approvals: list[ApprovalSchema]
    trials: list[TrialSchema]
    centres: list[CentreSchema]
    body: list[dict[str, Any]]
    challenges: str
    references: list[ReferenceSchema]

    @staticmethod
    def resolve_approvals(page: Any) -> list:
        return list(page.approvals.all())

    @staticmethod
    def resolve_trials(page: Any) -> list:
        return list(page.trials.all())

    @staticmethod
    def resolve_centres(page: Any) -> list:
        return list(page.centres.all())

    @staticmethod
    def resolve_body(page: Any, context: dict) -> list:
        return stream_for_api(page.body, page_url(page, context), _request(context))

    @staticmethod
    def resolve_challenges(page: Any, context: dict) -> str:
        if not page.challenges:
            return ""
        return public_html([page.challenges], page_url(page, context), _request(context))[0]

    @staticmethod
    def resolve_references(page: Any) -> list:
        return references_for_api(page)


class ConditionSchema(Schema):
    id: int
    name: str
    slug: str
    url: str | None = None
    synonyms: list[str]
    icd10: str
    orpha: str
    description: str
    tags: list[TagSchema]
    therapies: list[PageLinkSchema]

    @staticmethod
    def resolve_url(condition: Any, context: dict) -> str | None:
        if not hasattr(condition, "get_absolute_url"):
            return None
        return absolute_url(condition.get_absolute_url(), _request(context))

    @staticmethod
    def resolve_synonyms(condition: Any) -> list[str]:
        return [name.strip() for name in condition.synonyms.split(",") if name.strip()]

    @staticmethod
    def resolve_description(condition: Any) -> str:
        return expand_db_html(condition.description)

    @staticmethod
    def resolve_tags(condition: Any) -> list:
        return list(condition.tags.all())

    @staticmethod
    def resolve_therapies(condition: Any) -> list:
        # Prefetched with published therapy profiles only (see routes.py).
        return list(condition.live_therapies)


class SourceAuthorSchema(Schema):
    family: str
    given: str
    is_organisation: bool


class SourceSchema(Schema):
    id: int
    kind: str
    title: str
    authors: list[SourceAuthorSchema]
    container_title: str
    publisher: str
    year: int
    month: int | None = None
    day: int | None = None
    volume: str
    issue: str
    pages: str
    doi: str
    pmid: str
    pmcid: str
    nct_number: str
    url: str
    html_url: str | None = None
    language: str
    tags: list[TagSchema]

    @staticmethod
    def resolve_authors(source: Any) -> list:
        return list(source.authors.all())

    @staticmethod
    def resolve_html_url(source: Any, context: dict) -> str | None:
        if not hasattr(source, "get_absolute_url"):
            return None
        return absolute_url(source.get_absolute_url(), _request(context))

    @staticmethod
    def resolve_tags(source: Any) -> list:
        return list(source.tags.all())


class SearchHitSchema(Schema):
    """One search result, whatever its kind; ``id`` is unique within ``type``."""

    type: str
    id: int
    title: str
    url: str | None = None


class EndpointSchema(Schema):
    name: str
    url: str
    description: str


class ApiIndexSchema(Schema):
    """What ``/api/v1/`` answers: the API described, its endpoints and documents linked."""

    title: str
    version: str
    description: str
    openapi: str
    docs: str
    endpoints: list[EndpointSchema]
