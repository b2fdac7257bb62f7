"""Test data for the server: people with each role."""

from __future__ import annotations

import factory

from dayone.server.core.enums import Role
from dayone.server.core.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    role = Role.MEMBER
    password = factory.django.Password("correct horse battery")
