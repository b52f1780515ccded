"""Builders shared by the editorial and browser tests: role users, articles, form data.

The articles app's own factories arrive with its branch; until then these
build the few pages the workflow needs straight from the skeleton models.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticleAuthor, ArticleIndexPage, ArticlePage, Author
from editorial import roles

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str, *groups: str, **extra):
    """An active user in the named groups, with a known password."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@helix.example", password=PASSWORD, **extra
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


ROLE_GROUPS = {
    "editor": (roles.EDITORS,),
    "reviewer": (roles.MEDICAL_REVIEWERS,),
    "administrator": (roles.ADMINISTRATORS,),
    "moderator": (roles.COMMENT_MODERATORS,),
    "plain": (),
}


def make_article_index(home: Page) -> ArticleIndexPage:
    index = ArticleIndexPage(title="Articles", slug="articles", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_author(name: str = "Ana Ruiz") -> Author:
    slug = name.lower().replace(" ", "-")
    return Author.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def make_article(
    index: ArticleIndexPage,
    title: str = "Gene therapy for haemophilia B",
    live: bool = True,
    **fields,
) -> ArticlePage:
    """An article under ``index``; published unless ``live`` is False."""
    slug = fields.pop("slug", title.lower().replace(" ", "-")[:50])
    article = ArticlePage(
        title=title,
        slug=slug,
        standfirst="A one-off infusion that lets the liver make factor IX.",
        body=[("paragraph", "<p>The vector carries a working copy of the F9 gene.</p>")],
        live=False,
        **fields,
    )
    index.add_child(instance=article)
    ArticleAuthor.objects.create(page=article, author=make_author())
    revision = article.save_revision()
    if live:
        revision.publish()
    article.refresh_from_db()
    return article


def article_form_data(article: ArticlePage | None = None, **overrides) -> dict:
    """POST data for the article create/edit view, as the admin's JavaScript sends it."""
    author = make_author()
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
