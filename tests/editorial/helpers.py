"""What the editorial and browser tests share: the role table, admin form data, dates.

Users, pages and authors come from the apps' factories (``editorial.factories``,
``articles.factories``).
"""

import datetime

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.factories import AuthorFactory
from articles.models import ArticlePage
from editorial import roles

ROLE_GROUPS = {
    "editor": (roles.EDITORS,),
    "reviewer": (roles.MEDICAL_REVIEWERS,),
    "administrator": (roles.ADMINISTRATORS,),
    "moderator": (roles.COMMENT_MODERATORS,),
    "plain": (),
}


def article_form_data(article: ArticlePage | None = None, **overrides) -> dict:
    """POST data for the article create/edit view, as the admin's JavaScript sends it."""
    author = AuthorFactory()
    go_live_at = overrides.pop("go_live_at", None)
    data = {
        "title": article.title if article else "CAR-T cells in the clinic",
        "slug": article.slug if article else "car-t-cells-in-the-clinic",
        "standfirst": "How engineered T cells reach patients.",
        "body": streamfield([("paragraph", rich_text("<p>T cells are collected first.</p>"))]),
        "further_reading": streamfield([]),
        "authors": inline_formset([{"author": author.pk}]),
        "therapy_links": inline_formset([]),
        "related_article_links": inline_formset([]),
        "comments": inline_formset([]),
        "tags": "",
        "comments_open": "on",
    }
    if go_live_at is not None:
        data["go_live_at"] = go_live_at.strftime("%Y-%m-%d %H:%M")
    data.update(overrides)
    return nested_form_data(data)


def unchanged_form_data(article: ArticlePage, **overrides) -> dict:
    """The edit form of ``article``'s latest revision as the browser sends it untouched.

    Every block and inline keeps its id, so Wagtail sees no content change (an
    approval sent this way saves no revision of the reviewer's). For an article
    last saved through the admin's form (``article_form_data``): a factory's page
    holds values the form would change (rich text without Draftail's block keys,
    a first-published date to the second).
    """
    draft = article.get_latest_revision_as_object()
    body = {}
    for index, block in enumerate(draft.body):
        assert block.block_type == "paragraph", f"unsupported block {block.block_type!r}"
        body[str(index)] = {
            "type": "paragraph",
            "value": rich_text(block.value.source),
            "id": block.id,
            "deleted": "",
            "order": str(index),
        }
    body["count"] = str(len(draft.body))
    links = list(draft.authors.all())
    # ORDER as Django's formset offers it initially (1, 2, ...): unchanged.
    authors = inline_formset(
        [
            {"id": link.pk, "author": link.author_id, "ORDER": str(index + 1)}
            for index, link in enumerate(links)
        ],
        initial=len(links),
    )
    data = article_form_data(draft, **{"standfirst": draft.standfirst, **overrides})
    return {**data, **nested_form_data({"body": body, "authors": authors})}


def in_days(days: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=days)
