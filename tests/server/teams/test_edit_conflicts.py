"""Two people edit one team from the same version: the second edit is refused, not lost."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from dayone.server.core import services as core_services
from dayone.server.teams import services
from dayone.server.teams.models import Team

pytestmark = pytest.mark.django_db

_NAMES = itertools.count()


def bearer(user):
    _, raw = core_services.api_token_create(actor=user, name=f"script {next(_NAMES)}")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def team(admin):
    return services.team_create(actor=admin, name="Search", leader=admin, mission="Find books.")


def patch(client, data, headers):
    return client.patch(
        "/api/org/teams/search", data, content_type="application/json", headers=headers
    )


def test_a_stale_team_edit_is_a_409_with_the_current_version(client, team, member, admin):
    first = patch(client, {"mission": "Find any book fast.", "version": 1}, bearer(member))
    second = patch(client, {"mission": "Find used books.", "version": 1}, bearer(admin))

    assert first.status_code == 200, first.content
    assert first.json()["version"] == 2
    assert second.status_code == 409
    assert second.json()["version"] == 2
    stored = Team.objects.get(slug="search")
    assert (stored.mission, stored.name, stored.version) == ("Find any book fast.", "Search", 2)

    missing = patch(client, {"mission": "Find used books."}, bearer(admin))
    assert missing.status_code == 422
    assert "version" in missing.json()["detail"]
    again = patch(client, {"mission": "Find used books."}, {**bearer(admin), "If-Match": "2"})
    assert again.status_code == 200, again.content
    assert again.json()["version"] == 3
    assert again.json()["leader"] == admin.username
    assert (
        client.patch(
            "/api/org/teams/nope",
            {"version": 1},
            content_type="application/json",
            headers=bearer(admin),
        ).status_code
        == 404
    )


def test_a_stale_team_form_shows_the_conflict_and_keeps_what_was_typed(client, team, admin):
    client.force_login(admin)
    url = reverse("teams:team_edit", args=["search"])
    form = {"name": "Search", "leader": admin.pk, "version": "1"}
    first = client.post(url, {**form, "mission": "Find any book fast."})
    assert first.status_code == 302, first.content.decode()[:3000]

    stale = client.post(url, {**form, "mission": "Find used books."})

    assert stale.status_code == 422
    page = stale.content.decode()
    assert "Find used books." in page
    assert "Saved meanwhile: Find any book fast." in page
    assert 'name="version" value="2"' in page
    assert Team.objects.get(slug="search").mission == "Find any book fast."
