from __future__ import annotations

import pytest

from dayone.server.teams import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


@pytest.fixture
def teams(admin):
    search = services.team_create(actor=admin, name="Search", leader=admin)
    catalog = services.team_create(actor=admin, name="Catalog")
    services.team_dependency_add(actor=admin, team=search, depends_on=catalog)
    return search, catalog


def test_teams_members_dependencies_and_initiatives_through_the_api(member_client, member, teams):
    response = member_client.post(
        "/api/org/teams",
        {"name": "Reader Apps", "leader": member.username},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["members"] == [member.username]

    response = member_client.post(
        "/api/org/teams/reader-apps/members",
        {"username": member.username},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "already a member" in response.json()["detail"]["person"][0]

    response = member_client.post(
        "/api/org/teams/catalog/dependencies",
        {"depends_on": "search"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "would make a cycle" in response.json()["detail"]["depends_on"][0]

    response = member_client.post(
        "/api/org/initiatives",
        {"team": "reader-apps", "name": "Offline reading", "leader": member.username},
        content_type="application/json",
    )
    initiative = response.json()
    assert initiative["leader"] == member.username
    response = member_client.put(
        f"/api/org/initiatives/{initiative['id']}/leader",
        {"leader": "ada"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "already has a single-threaded leader" in response.json()["detail"]["leader"][0]

    teams_out = {team["slug"]: team for team in member_client.get("/api/org/teams").json()}
    assert teams_out["search"]["depends_on"] == ["catalog"]
    assert {w["kind"] for w in member_client.get("/api/org/warnings").json()} >= {"no_metric"}
    assert any(m["key"] == "conversion" for m in member_client.get("/api/org/metrics").json())


def test_viewers_read_but_cannot_write_through_the_api(client, viewer, teams):
    client.force_login(viewer)
    assert client.get("/api/org/teams/search").json()["name"] == "Search"
    response = client.post("/api/org/teams", {"name": "X"}, content_type="application/json")
    assert response.status_code == 403


def test_principles_read_and_edit(admin_client, admin):
    services.principles_seed(actor=admin)
    principles = admin_client.get("/api/org/principles").json()
    assert len(principles) == 16
    response = admin_client.put(
        "/api/org/principles/dive-deep",
        {"name": "Dive Deep", "description": "Know the details.", "note": "Shorter"},
        content_type="application/json",
    )
    assert response.json()["description"] == "Know the details."
