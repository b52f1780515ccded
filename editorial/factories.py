"""Factories for the newsroom's people: users in the editorial roles."""

import factory

from django.conf import settings
from django.contrib.auth.models import Group

#: Every factory-made user's password, so a test (or a browser) can log in as one.
PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """An active user with ``PASSWORD``; ``groups=[roles.EDITORS, ...]`` gives them roles.

    The role groups are made by the editorial migrations (``editorial.roles``); a
    name with no group fails, so a misspelt role cannot pass for no role.
    """

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@helix.example")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))
