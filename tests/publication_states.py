"""Pages in each publication state (live, draft, private, scheduled), for the tests of
every surface that must show only what readers may see: search, the API, the sitemap.

Snippets (sources, conditions) come from the apps' factories.
"""

import json
from datetime import timedelta
from itertools import count

import pytest

from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import PageViewRestriction

from articles.models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    ArticleTherapy,
    Section,
)
from therapies.models import TherapyIndexPage, TherapyPage

_serial = count(1)

LIVE, DRAFT, PRIVATE, SCHEDULED = "live", "draft", "private", "scheduled"


def body(*paragraphs: str) -> str:
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs])


def place(parent, page, state: str = LIVE):
    """Add ``page`` under ``parent`` as live, draft, private or scheduled for the future."""
    page.slug = page.slug or f"{slugify(page.title)[:40]}-{next(_serial)}"
    page.live = state in {LIVE, PRIVATE}
    parent.add_child(instance=page)
    if state == SCHEDULED:
        page.go_live_at = timezone.now() + timedelta(days=7)
        page.save_revision().publish()
        page.refresh_from_db()
        assert not page.live, "a page scheduled for the future must not be live yet"
    elif state in {LIVE, PRIVATE}:
        page.save_revision().publish()
    else:
        page.save_revision()
    if state == PRIVATE:
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    return page


class Library:
    """Builds content under one home page; every method returns what it made."""

    def __init__(self, home):
        self.articles = place(home, ArticleIndexPage(title="Articles", slug="articles"))
        self.therapies = place(home, TherapyIndexPage(title="Therapies", slug="therapies"))

    def article(
        self,
        title: str,
        *,
        text: str = "",
        standfirst: str = "A short summary.",
        state: str = LIVE,
        tags=(),
        section: Section | None = None,
        therapies=(),
        authors=(),
        hero_image=None,
    ) -> ArticlePage:
        page = ArticlePage(
            title=title,
            standfirst=standfirst,
            body=body(text or "Plain words about nothing in particular."),
            section=section,
            first_published=timezone.now() - timedelta(days=1),
            hero_image=hero_image,
        )
        page.tags.add(*tags)
        for therapy in therapies:
            page.therapy_links.add(ArticleTherapy(therapy=therapy))
        page = place(self.articles, page, state)
        for author in authors:
            ArticleAuthor.objects.create(page=page, author=author)
        return page

    def therapy(
        self,
        title: str,
        *,
        summary: str = "A therapy.",
        state: str = LIVE,
        tags=(),
        conditions=(),
        modality: str = "gene-addition",
    ) -> TherapyPage:
        page = TherapyPage(title=title, summary=summary, modality=modality, aim="replace")
        page.tags.add(*tags)
        page.conditions.set(conditions)
        return place(self.therapies, page, state)


@pytest.fixture
def library(home) -> Library:
    return Library(home)
