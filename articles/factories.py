"""Factories for articles, their authors and sections (tests and quick fixtures)."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from django.utils import timezone
from django.utils.text import slugify

from wagtail.rich_text import RichText

from articles.models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    ArticleTherapy,
    Author,
    Section,
)
from helix.factories import saved_through_revision


class AuthorFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    credentials = "PhD"
    bio = "<p>Writes about gene therapy.</p>"

    class Meta:
        model = Author


class SectionFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        model = Section


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Articles"
    slug = "articles"
    intro = "<p>News and explainers.</p>"
    revision = factory.PostGeneration(saved_through_revision)

    class Meta:
        model = ArticleIndexPage
        skip_postgeneration_save = True


def default_body() -> list[tuple]:
    return [
        ("heading", {"text": "What it is", "level": "h2"}),
        ("paragraph", RichText("<p>Gene therapy changes genes inside cells.</p>")),
    ]


class ArticlePageFactory(wagtail_factories.PageFactory):
    """A published article; pass ``authors=[...]``, ``tags=[...]``, ``therapies=[...]``.

    ``therapies`` are the profiles the article chose as related; ``revision=True``
    saves it through a revision as an editor does (see ``saved_through_revision``).

    ``first_published`` counts back one day per article so that the newest
    article made is the newest in listings.
    """

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = factory.LazyAttribute(lambda o: f"What {o.title} is about.")
    first_published = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(days=1000) + datetime.timedelta(hours=n)
    )
    body = factory.LazyFunction(default_body)

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if create and extracted:
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(page=obj, author=author, sort_order=i)
                for i, author in enumerate(extracted)
            )

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)
            obj.save()

    @factory.post_generation
    def therapies(obj, create, extracted, **kwargs):
        if create and extracted:
            ArticleTherapy.objects.bulk_create(
                ArticleTherapy(page=obj, therapy=therapy, sort_order=i)
                for i, therapy in enumerate(extracted)
            )

    # Last: the revision holds the authors, tags and therapies set above.
    revision = factory.PostGeneration(saved_through_revision)
