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


def in_days(days: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=days)
