"""Factories for the reference library: sources with their authors and tags."""

import factory

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
