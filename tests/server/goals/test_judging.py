"""A goal can be judged, and only its owner or their manager reviews it, on every path."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dayone.server.goals import services
from dayone.server.goals.models import Goal
from dayone.server.teams import services as org_services
from tests.server.factories import UserFactory
from tests.server.goals.test_services import JUDGED_BY, make_goal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

JSON = "application/json"
NOTE = "Two-day delivery is at 91% this month, one point short."


@pytest.fixture
def team(member):
    return org_services.team_create(actor=member, name="Fulfilment", leader=member)


@pytest.fixture
def otto(db):
    return UserFactory(username="otto", first_name="Otto", last_name="Owner")


def test_a_metric_the_catalogue_does_not_know_is_no_way_to_judge_a_goal(member, team):
    with pytest.raises(ValidationError) as caught:
        make_goal(member, team, metric_key="made_up_metric", target=5)
    assert "made_up_metric" in caught.value.message_dict["metric_key"][0]
    assert not Goal.objects.exists()


def test_the_api_refuses_a_goal_with_no_metric_and_no_way_to_judge_it(member_client, member, team):
    payload = {
        "text": "Make the warehouse better by the end of the quarter",
        "owner": member.username,
        "team": team.slug,
        "due_on": str(timezone.localdate() + timedelta(days=30)),
    }
    response = member_client.post("/api/goals/", payload, content_type=JSON)
    assert response.status_code == 422
    assert "judged_by" in response.content.decode()
    unknown = member_client.post(
        "/api/goals/", {**payload, "metric_key": "made_up_metric", "target": 5}, content_type=JSON
    )
    assert unknown.status_code == 422
    assert "made_up_metric" in unknown.content.decode()
    assert not Goal.objects.exists()


def test_a_stranger_cannot_make_a_goal_theirs_to_review_it(member, team, otto):
    goal = make_goal(otto, team, metric_key="", target=None, judged_by=JUDGED_BY)
    stranger = UserFactory(username="sid", first_name="Sid", last_name="Stranger")
    with pytest.raises(PermissionDenied, match="Only the goal's owner, Otto Owner"):
        services.goal_update(
            actor=stranger,
            goal=goal,
            text=goal.text,
            owner=stranger,
            team=team,
            starts_on=goal.starts_on,
            due_on=goal.due_on,
            judged_by=JUDGED_BY,
        )
    goal.refresh_from_db()
    assert goal.owner == otto
    with pytest.raises(PermissionDenied):
        services.goal_review_add(actor=stranger, goal=goal, status="green", note=NOTE)
    # The owner's manager (the leader of the goal's team) still changes it.
    services.goal_update(
        actor=member,
        goal=goal,
        text=goal.text,
        owner=otto,
        team=team,
        starts_on=goal.starts_on,
        due_on=goal.due_on + timedelta(days=7),
        judged_by=JUDGED_BY,
    )
