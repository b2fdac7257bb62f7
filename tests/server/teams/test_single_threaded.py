"""A single-threaded leader leads one active initiative and can act on it, on every path."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dayone.server.core import services as core_services
from dayone.server.core.enums import Role
from dayone.server.teams import services
from dayone.server.teams.enums import InitiativeStatus
from tests.server.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

JSON = "application/json"


@pytest.fixture
def search(member):
    return services.team_create(actor=member, name="Search", leader=member)


@pytest.fixture
def kenji(db):
    return UserFactory(username="kenji", first_name="Kenji", last_name="W")


def test_the_api_refuses_a_viewer_and_a_second_initiative_naming_the_leader(
    member_client, search, kenji, viewer
):
    first = member_client.post(
        "/api/org/initiatives",
        {"team": search.slug, "name": "Spelling", "leader": kenji.username},
        content_type=JSON,
    )
    assert first.status_code == 201, first.content
    second = member_client.post(
        "/api/org/initiatives",
        {"team": search.slug, "name": "Ranking", "leader": kenji.username},
        content_type=JSON,
    )
    assert second.status_code == 422
    assert "Kenji W already leads Spelling" in second.content.decode()
    reader = member_client.post(
        "/api/org/initiatives",
        {"team": search.slug, "name": "Ranking", "leader": viewer.username},
        content_type=JSON,
    )
    assert reader.status_code == 422
    assert "can only read" in reader.content.decode()


def test_a_leader_is_not_made_a_viewer_while_leading_an_active_initiative(
    admin, member, search, kenji
):
    initiative = services.initiative_create(
        actor=member, team=search, name="Spelling", leader=kenji
    )
    with pytest.raises(ValidationError, match="Kenji W leads Spelling") as caught:
        core_services.user_set_role(actor=admin, user=kenji, role=Role.VIEWER)
    assert "role" in caught.value.message_dict
    kenji.refresh_from_db()
    assert kenji.role == Role.MEMBER
    # Once the initiative is done (or handed over), the role can change.
    services.initiative_update(
        actor=member,
        initiative=initiative,
        name=initiative.name,
        description="",
        status=InitiativeStatus.DONE,
    )
    core_services.user_set_role(actor=admin, user=kenji, role=Role.VIEWER)
    kenji.refresh_from_db()
    assert kenji.role == Role.VIEWER


def test_the_admin_site_refuses_it_too(admin_client, member, search, kenji):
    services.initiative_create(actor=member, team=search, name="Spelling", leader=kenji)
    response = admin_client.post(
        f"/admin/core/user/{kenji.pk}/change/",
        {
            "username": kenji.username,
            "first_name": kenji.first_name,
            "last_name": kenji.last_name,
            "email": kenji.email,
            "role": Role.VIEWER,
            "title": "",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Kenji W leads Spelling" in response.content.decode()
    kenji.refresh_from_db()
    assert kenji.role == Role.MEMBER
