"""Two people edit one goal from the same version: the second edit is refused, not lost; a
target that is not a finite number is refused naming the field."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dayone.server.core import services as core_services
from dayone.server.goals import services
from dayone.server.goals.models import Goal
from dayone.server.teams import services as org_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

_NAMES = itertools.count()
TEXT = "Cut searches with zero results to 2% by 30 June"


def bearer(user):
    _, raw = core_services.api_token_create(actor=user, name=f"script {next(_NAMES)}")
    return {"Authorization": f"Bearer {raw}", "content_type": "application/json"}


@pytest.fixture
def goal(admin, member):
    team = org_services.team_create(actor=admin, name="Search", leader=admin)
    return services.goal_create(
        actor=member,
        text=TEXT,
        owner=member,
        team=team,
        due_on=timezone.localdate() + timedelta(days=90),
        metric_key="zero_result_rate",
        target=0.02,
        direction="at_most",
    )


def patch(client, goal, data, user, **headers):
    return client.patch(
        f"/api/goals/{goal.pk}",
        data,
        content_type="application/json",
        headers={"Authorization": bearer(user)["Authorization"], **headers},
    )


def test_a_stale_goal_edit_is_a_409_with_the_current_version(client, goal, member, admin):
    first = patch(client, goal, {"target": 0.015, "version": 1}, member)
    second = patch(client, goal, {"text": "Cut zero results to 1% by June", "version": 1}, admin)

    assert first.status_code == 200, first.content
    assert first.json()["version"] == 2
    assert first.json()["target"] == 0.015
    assert second.status_code == 409
    assert second.json()["version"] == 2
    stored = Goal.objects.get(pk=goal.pk)
    assert (stored.text, stored.target, stored.version) == (TEXT, 0.015, 2)

    again = patch(
        client, goal, {"text": "Cut zero results to 1% by June"}, admin, **{"If-Match": '"2"'}
    )
    assert again.status_code == 200, again.content
    assert again.json()["text"] == "Cut zero results to 1% by June"
    assert again.json()["target"] == 0.015
    assert again.json()["version"] == 3


def test_a_goal_edit_without_a_version_is_refused(client, goal, member):
    response = patch(client, goal, {"target": 0.01}, member)
    assert response.status_code == 422
    assert "version" in response.json()["detail"]
    assert Goal.objects.get(pk=goal.pk).target == 0.02


@pytest.mark.parametrize("target", ["NaN", "Infinity", "-Infinity"])
def test_a_target_that_is_not_a_finite_number_is_refused(client, goal, member, target):
    body = f'{{"target": {target}, "version": 1}}'
    edited = patch(client, goal, body, member)
    assert edited.status_code == 422, edited.content
    assert "target" in str(edited.json()["detail"])
    created = client.post(
        "/api/goals/",
        f'{{"text": "{TEXT}", "owner": "{member.username}", "team": "search", '
        f'"due_on": "2030-01-01", "metric_key": "zero_result_rate", "target": {target}}}',
        content_type="application/json",
        headers={"Authorization": bearer(member)["Authorization"]},
    )
    assert created.status_code == 422, created.content
    assert "target" in str(created.json()["detail"])
    assert Goal.objects.get(pk=goal.pk).target == 0.02
    with pytest.raises(services.ValidationError, match="finite"):
        services.goal_update(
            actor=member,
            goal=goal,
            text=TEXT,
            owner=member,
            team=goal.team,
            starts_on=goal.starts_on,
            due_on=goal.due_on,
            metric_key="zero_result_rate",
            target=float(target.lower().replace("infinity", "inf")),
        )


def test_a_stale_goal_form_shows_the_conflict_and_keeps_what_was_typed(client, goal, member):
    client.force_login(member)
    url = reverse("goals:edit", args=[goal.pk])
    form = {
        "owner": member.pk,
        "team": goal.team.pk,
        "starts_on": goal.starts_on.isoformat(),
        "due_on": goal.due_on.isoformat(),
        "metric_key": "zero_result_rate",
        "target": "2%",
        "direction": "at_most",
        "kind": "input",
        "version": "1",
    }
    first = client.post(url, {**form, "text": "Cut searches with zero results to 2% by May"})
    assert first.status_code == 302, first.content.decode()[:3000]

    stale = client.post(url, {**form, "text": "Cut searches with zero results to 2% by April"})

    assert stale.status_code == 422
    page = stale.content.decode()
    assert "Cut searches with zero results to 2% by April" in page
    assert "Saved meanwhile: Cut searches with zero results to 2% by May" in page
    assert 'name="version" value="2"' in page
    assert Goal.objects.get(pk=goal.pk).text == "Cut searches with zero results to 2% by May"
