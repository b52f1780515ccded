"""Factories for reader comments (tests and the demo)."""

import factory

from .models import Comment, Status


class CommentFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    body = "Thank you for explaining this so clearly."
    status = Status.APPROVED

    class Meta:
        model = Comment
