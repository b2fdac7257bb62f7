"""Decisions about things in other parts: proposed from a goal, shown on the goal and its team."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dayone.server.decisions import selectors, services
from dayone.server.decisions.enums import Door, SourceKind
from dayone.server.decisions.models import Decision
from dayone.server.decisions.services import SourceInput
from dayone.server.goals.services import goal_create
from dayone.server.teams.services import team_create, team_member_add
from tests.server.decisions.conftest import OPTIONS
from tests.server.decisions.test_views import proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(member, decider):
    team = team_create(actor=None, name="Fulfilment", leader=member)
    team_member_add(actor=None, team=team, person=decider)
    return team


@pytest.fixture
def goal(team, member):
    return goal_create(
        actor=None,
        text="Raise the in-stock rate of the top 5,000 titles to 98% by 30 June",
        owner=member,
        team=team,
        due_on=timezone.localdate() + timedelta(days=120),
        judged_by="The replenishment team reports the in-stock rate from the warehouse system.",
    )


def _source_fields(goal):
    return {
        "source_kind": SourceKind.GOAL,
        "source_ref": str(goal.pk),
        "source_title": goal.text,
        "source_url": reverse("goals:detail", args=[goal.pk]),
    }


@pytest.mark.usefixtures("team")
def test_a_decision_proposed_from_a_goal_links_back_and_shows_on_the_goal_and_team(
    client, member, decider, stakeholder, goal
):
    client.force_login(member)
    goal_page = client.get(reverse("goals:detail", args=[goal.pk])).content.decode()
    assert "No decision is linked to this goal" in goal_page
    propose_url = selectors.decision_propose_url(
        kind=SourceKind.GOAL,
        ref=goal.pk,
        title=goal.text,
        url=reverse("goals:detail", args=[goal.pk]),
    )
    assert propose_url.replace("&", "&amp;") in goal_page

    form_page = client.get(propose_url).content.decode()
    assert "About: Goal" in form_page
    assert goal.text in form_page

    response = client.post(
        reverse("decisions:create"), {**proposal(decider, stakeholder), **_source_fields(goal)}
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    link = decision.links.get()
    assert (link.kind, link.ref, link.title) == (SourceKind.GOAL, str(goal.pk), goal.text)

    goal_page = client.get(reverse("goals:detail", args=[goal.pk])).content.decode()
    assert decision.question in goal_page
    assert "No decision is linked to this goal" not in goal_page
    team_page = client.get(reverse("teams:team_detail", args=[goal.team.slug])).content.decode()
    assert decision.question in team_page


def test_a_link_that_leaves_dayone_is_refused_and_nothing_is_proposed(
    client, member, decider, stakeholder, goal
):
    client.force_login(member)
    fields = {**_source_fields(goal), "source_url": "https://elsewhere.example/phish"}
    response = client.post(
        reverse("decisions:create"), {**proposal(decider, stakeholder), **fields}
    )
    assert response.status_code == 200
    assert "The link must be a path inside dayone." in response.content.decode()
    assert not Decision.objects.exists()


def test_an_unknown_source_kind_is_refused_by_the_service(member, decider):
    with pytest.raises(ValidationError) as raised:
        services.decision_create(
            actor=member,
            question="Do we stock used books?",
            door=Door.TWO_WAY,
            information_pct=60,
            decide_by=timezone.localdate() + timedelta(days=5),
            decider=decider,
            options=OPTIONS,
            source=SourceInput(kind="spreadsheet", ref="1", title="Q3 plan"),
        )
    assert "kind" in raised.value.message_dict
    assert not Decision.objects.exists(), "the decision and its link are one transaction"


def test_the_team_page_lists_what_its_people_decide_but_not_others(
    member_client, decider, admin, team, propose
):
    ours = propose(decider=decider, question="Do we add a Sunday delivery wave?")
    theirs = propose(decider=admin, question="Do we change the logo?")
    team_page = member_client.get(reverse("teams:team_detail", args=[team.slug])).content.decode()
    assert ours.question in team_page
    assert theirs.question not in team_page


def test_linked_decisions_are_read_only_for_people_who_can_sign_in(goal, member, decider):
    decision = services.decision_create(
        actor=member,
        question="Do we pre-order the autumn list?",
        door=Door.TWO_WAY,
        information_pct=70,
        decide_by=timezone.localdate() + timedelta(days=5),
        decider=decider,
        options=OPTIONS,
        source=SourceInput(kind=SourceKind.GOAL, ref=str(goal.pk), title=goal.text),
    )
    assert list(
        selectors.decision_list_linked(viewer=member, kind=SourceKind.GOAL, refs=[goal.pk])
    ) == [decision]
    with pytest.raises(PermissionDenied):
        selectors.decision_list_linked(viewer=AnonymousUser(), kind=SourceKind.GOAL, refs=[goal.pk])
