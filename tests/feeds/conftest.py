"""Pages and snippets for feed tests, built directly (no factories, no demo content).

Pages go live the way an editor's do: a revision is saved and published, so
Wagtail's own dates (first/last published) are set as in production.
"""

from datetime import timedelta

import feedparser
import pytest

from django.utils import timezone

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file_jpeg
from wagtail.rich_text import RichText

from articles.models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    ArticleTherapy,
    Author,
    Section,
)
from therapies.models import Condition, TherapyApproval, TherapyIndexPage, TherapyPage


def paragraph(html: str) -> list:
    return [("paragraph", RichText(html))]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def article_index(home):
    index = ArticleIndexPage(title="Articles", slug="articles", show_in_menus=True)
    home.add_child(instance=index)
    return publish(index)


@pytest.fixture
def therapy_index(home):
    index = TherapyIndexPage(title="Therapies", slug="therapies", show_in_menus=True)
    home.add_child(instance=index)
    return publish(index)


@pytest.fixture
def make_author(db):
    def _make(name: str = "Ana Ruiz", **fields) -> Author:
        fields.setdefault("slug", name.lower().replace(" ", "-"))
        return Author.objects.create(name=name, **fields)

    return _make


@pytest.fixture
def make_section(db):
    def _make(name: str = "Advances", **fields) -> Section:
        fields.setdefault("slug", name.lower().replace(" ", "-"))
        return Section.objects.create(name=name, **fields)

    return _make


@pytest.fixture
def make_image(db):
    def _make(title: str = "Vector diagram") -> Image:
        return Image.objects.create(title=title, file=get_test_image_file_jpeg())

    return _make


@pytest.fixture
def make_article(article_index):
    """An article under the index; live unless ``live=False`` (then a draft)."""
    counter = iter(range(1, 10_000))

    def _make(
        title: str = "CAR-T cells reach solid tumours",
        *,
        slug: str | None = None,
        standfirst: str = "What the first trials show.",
        body: list | None = None,
        authors=(),
        tags=(),
        section=None,
        therapies=(),
        hero_image=None,
        first_published=None,
        last_updated=None,
        live: bool = True,
    ) -> ArticlePage:
        number = next(counter)
        page = ArticlePage(
            title=title,
            slug=slug or f"article-{number}",
            standfirst=standfirst,
            body=body or paragraph(f"<p>Body of {title}.</p>"),
            section=section,
            hero_image=hero_image,
            first_published=first_published or timezone.now() - timedelta(days=number),
            last_updated=last_updated,
            live=False,
        )
        page.authors = [ArticleAuthor(author=author) for author in authors]
        page.therapy_links = [ArticleTherapy(therapy=therapy) for therapy in therapies]
        article_index.add_child(instance=page)
        page.tags.add(*tags)
        if live:
            return publish(page)
        page.save_revision()
        return page

    return _make


@pytest.fixture
def make_condition(db):
    def _make(name: str = "Haemophilia B", **fields) -> Condition:
        fields.setdefault("slug", name.lower().replace(" ", "-"))
        return Condition.objects.create(name=name, **fields)

    return _make


@pytest.fixture
def make_therapy(therapy_index):
    def _make(
        title: str = "Haemophilia gene therapy",
        *,
        slug: str = "haemophilia-gene-therapy",
        conditions=(),
        approvals=(),
        body: list | None = None,
        live: bool = True,
    ) -> TherapyPage:
        page = TherapyPage(
            title=title,
            slug=slug,
            summary="An AAV vector delivers a working F9 gene to liver cells.",
            modality="gene-addition",
            aim="replace",
            body=body or paragraph(f"<p>About {title}.</p>"),
            live=False,
        )
        page.approvals = [TherapyApproval(**approval) for approval in approvals]
        therapy_index.add_child(instance=page)
        page.conditions.set(conditions)
        if live:
            return publish(page)
        page.save_revision()
        return page

    return _make


@pytest.fixture
def fetch_feed(client):
    """GET a feed URL and parse it; the response rides along as ``parsed.response``."""

    def _fetch(url: str, **headers):
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        parsed = feedparser.parse(response.content)
        parsed.response = response
        return parsed

    return _fetch
