from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dayone.server.goals import services
from dayone.server.teams import services as org_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


@pytest.fixture
def team(admin):
    return org_services.team_create(actor=admin, name="Search", leader=admin)


def test_set_review_list_and_lint_goals_through_the_api(member_client, member, team):
    due = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = member_client.post(
        "/api/goals/", {"text": "Cut zero results"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "owner": [services.NO_OWNER],
        "team": [services.NO_TEAM],
        "due_on": [services.NO_DUE_DATE],
        "judged_by": [services.JUDGE_NEEDED],
    }
    response = member_client.post(
        "/api/goals/",
        {
            "text": "Cut searches with zero results to 2% by 30 June",
            "owner": member.username,
            "team": "search",
            "due_on": due,
            "metric_key": "zero_result_rate",
            "target": 0.02,
            "direction": "at_most",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    goal = response.json()
    review = member_client.post(
        f"/api/goals/{goal['id']}/reviews",
        {"status": "yellow", "note": "2.6%: the team checked this week."},
        content_type="application/json",
    )
    assert review.status_code == 422
    assert list(review.json()["detail"]) == ["plan"]
    review = member_client.post(
        f"/api/goals/{goal['id']}/reviews",
        {
            "status": "yellow",
            "note": "2.6%: the team checked this week.",
            "plan": "Synonyms for the top 500 misses",
        },
        content_type="application/json",
    )
    assert review.json()["reviews"][0]["status"] == "yellow"
    listed = member_client.get("/api/goals/", {"status": "yellow"}).json()["items"]
    assert [g["id"] for g in listed] == [goal["id"]]
    findings = member_client.post(
        "/api/goals/lint", {"text": "Make search better"}, content_type="application/json"
    ).json()
    assert {"dated", "measurable", "specific", "owner"} <= {f["rule"] for f in findings}


def test_viewers_cannot_set_goals_through_the_api(client, viewer, team):
    client.force_login(viewer)
    response = client.post("/api/goals/", {"text": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert client.get("/api/goals/").status_code == 200


def test_an_unknown_owner_or_team_is_named_and_nothing_is_set(member_client, team):
    from dayone.server.goals.models import Goal

    due = (timezone.localdate() + timedelta(days=90)).isoformat()
    goal = {"text": "Cut zero results to 2% by 30 June", "due_on": due}
    response = member_client.post(
        "/api/goals/",
        {**goal, "owner": "nobody", "team": team.slug},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {"owner": ["No one signs in as 'nobody'."]}
    response = member_client.post(
        "/api/goals/",
        {**goal, "owner": "max", "team": "no-such-team"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {"team": ["No team 'no-such-team'."]}
    assert not Goal.objects.exists()
