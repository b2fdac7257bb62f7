"""The home page: what waits on the viewer this week, from every part, then the mechanisms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dayone.server.core.enums import Role
from dayone.server.core.navigation import SECTIONS
from dayone.server.decisions import services as decisions
from dayone.server.decisions.enums import Door, StanceKind
from dayone.server.decisions.services import OptionInput
from dayone.server.goals.enums import ReviewStatus
from dayone.server.goals.services import goal_create, goal_review_add
from dayone.server.teams.services import team_create
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db

OPTIONS = [OptionInput("Yes"), OptionInput("No")]


def _decision(proposer, decider, stakeholders=(), question="Do we ship on Sundays?"):
    return decisions.decision_create(
        actor=proposer,
        question=question,
        door=Door.TWO_WAY,
        information_pct=65,
        decide_by=timezone.localdate() + timedelta(days=3),
        decider=decider,
        stakeholders=stakeholders,
        options=OPTIONS,
    )


def test_an_empty_company_shows_the_mechanisms_and_no_panels(member_client):
    html = member_client.get("/").content.decode()
    assert "home-panel" not in html
    for section in SECTIONS:
        assert section.summary in html


def test_decisions_waiting_on_the_viewer_are_on_their_home_page_only(client, member):
    decider = UserFactory(username="dora", first_name="Dora", last_name="Decider")
    voice = UserFactory(username="sam", first_name="Sam", last_name="Stake")
    mine = _decision(member, decider, stakeholders=[voice])
    client.force_login(decider)
    html = client.get("/").content.decode()
    assert "Decisions waiting on you" in html
    assert "You decide" in html
    assert mine.question in html

    client.force_login(voice)
    html = client.get("/").content.decode()
    assert "Your stance is asked" in html
    assert mine.question in html

    decisions.stance_record(actor=voice, decision=mine, kind=StanceKind.AGREE)
    html = client.get("/").content.decode()
    assert "Decisions waiting on you" not in html, "nothing is owed once the stance is recorded"


def test_overdue_escalations_lead_the_page(client, member):
    decider = UserFactory(username="dora")
    voice = UserFactory(username="sam")
    leader = UserFactory(username="lee", first_name="Lee", role=Role.MEMBER)
    decision = _decision(member, decider, stakeholders=[voice])
    decisions.stance_record(
        actor=voice,
        decision=decision,
        kind=StanceKind.ESCALATE,
        objection="Finance and Retail want opposite things.",
        escalate_to=leader,
        at=timezone.now() - timedelta(days=4),
    )
    client.force_login(member)
    html = client.get("/").content.decode()
    assert html.index("Overdue escalations") < html.index("The mechanisms")
    client.force_login(leader)
    html = client.get("/").content.decode()
    assert "Escalated to you" in html
    assert html.index("Overdue escalations") < html.index("Decisions waiting on you")


def test_goals_panel_counts_the_leadership_list_and_lists_the_viewers_goals_at_risk(
    member_client, member, admin
):
    team = team_create(actor=None, name="Leadership", leader=admin, is_leadership=True)
    due = timezone.localdate() + timedelta(days=90)
    statuses = [ReviewStatus.GREEN, ReviewStatus.GREEN, ReviewStatus.RED, None]
    goals = []
    for index, status in enumerate(statuses):
        goal = goal_create(
            actor=None,
            text=f"Raise two-day delivery to {90 + index}% of orders by {due:%d %B}",
            owner=member if index == 2 else admin,
            team=team,
            due_on=due,
            elevated=True,
            judged_by="The carrier's monthly report gives the share delivered in two days.",
        )
        if status is not None:
            goal_review_add(
                actor=None,
                goal=goal,
                status=status,
                note="Measured on the WBR.",
                plan="Add a carrier in the north-east." if status == ReviewStatus.RED else "",
            )
        goals.append(goal)
    html = member_client.get("/").content.decode()
    assert "The leadership team's 4 open goals" in html
    assert 'aria-label="Green 2, Yellow 0, Red 1, Not reviewed 1"' in html
    assert "Your goals that need you" in html
    assert goals[2].text in html
    assert goals[0].text not in html


def test_home_queries_stay_flat(member_client, member, django_assert_max_num_queries):
    """As many queries for six decisions waiting as for one, each time the page is drawn anew."""
    decider = UserFactory(username="dora")
    _decision(member, decider, question="Do we test cover design 0?")
    member_client.force_login(decider)
    with CaptureQueriesContext(connection) as one:
        assert member_client.get("/").status_code == 200
    for number in range(1, 6):
        _decision(member, decider, question=f"Do we test cover design {number}?")
    with django_assert_max_num_queries(len(one)) as six:
        response = member_client.get("/")
    assert response.status_code == 200
    assert "Do we test cover design 4?" in response.content.decode()  # the page shows five
    assert len(six) <= 40
