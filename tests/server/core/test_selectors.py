"""Looking people and teams up by the names interfaces use: usernames and slugs."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from dayone.server.core.selectors import user_get_by_username
from dayone.server.teams.selectors import team_get_by_slug
from dayone.server.teams.services import team_create
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_is_found_by_username_and_an_unknown_one_is_named_on_the_field(member):
    assert user_get_by_username(viewer=member, username="max", field="owner") == member
    with pytest.raises(ValidationError) as raised:
        user_get_by_username(viewer=member, username="nobody", field="decider")
    assert raised.value.message_dict == {"decider": ["No one signs in as 'nobody'."]}


def test_people_who_left_are_not_found(member):
    UserFactory(username="gone", is_active=False)
    with pytest.raises(ValidationError):
        user_get_by_username(viewer=member, username="gone", field="owner")


def test_a_team_is_found_by_slug_and_an_unknown_one_is_named_on_the_field(member):
    team = team_create(actor=None, name="Checkout", leader=member)
    assert team_get_by_slug(viewer=member, slug=team.slug) == team
    with pytest.raises(ValidationError) as raised:
        team_get_by_slug(viewer=member, slug="nope", field="depends_on")
    assert raised.value.message_dict == {"depends_on": ["No team 'nope'."]}


def test_lookups_need_someone_signed_in():
    with pytest.raises(PermissionDenied):
        user_get_by_username(viewer=AnonymousUser(), username="max", field="owner")
    with pytest.raises(PermissionDenied):
        team_get_by_slug(viewer=AnonymousUser(), slug="checkout")
