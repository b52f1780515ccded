"""Small local factories: sources, and article pages that cite them."""

import factory
import wagtail_factories

from articles.models import ArticleIndexPage, ArticlePage
from sources.models import Source, SourceAuthor, SourceKind


class SourceFactory(factory.django.DjangoModelFactory):
    kind = SourceKind.JOURNAL_ARTICLE
    title = factory.Sequence(lambda n: f"A study of vectors number {n}")
    container_title = "Human Gene Therapy"
    year = 2022

    class Meta:
        model = Source
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
            self.save()

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        self.authors = [
            SourceAuthor(family=family, given=given, is_organisation=not given)
            for family, given in extracted
        ]
        self.save()


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Articles"
    slug = "articles"

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    standfirst = "What changed in gene therapy."
    body = factory.LazyFunction(list)

    class Meta:
        model = ArticlePage


def cite(source: Source, text: str = "[*]") -> str:
    """A citation entity as the editor stores it (before numbering)."""
    return f'<a linktype="citation" id="{source.pk}">{text}</a>'


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def key_figure(source: Source, number: str = "85%") -> dict:
    return {
        "type": "key_figure",
        "value": {"number": number, "label": "of requests approved", "citation": source.pk},
    }


def publish(page) -> ArticlePage:
    page.save_revision().publish()
    page.refresh_from_db()
    return page
