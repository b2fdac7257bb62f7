"""Hiring pages end to end: open a role, add a candidate, plan a loop, write feedback, close
the debrief; the kit's linter, the invitation, and query counts on list and detail pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dayone.server.hiring.enums import LoopStatus
from dayone.server.hiring.models import Candidate, Feedback, Loop, Role

pytestmark = pytest.mark.django_db


def test_a_manager_opens_a_role_and_adds_a_candidate(client, world):
    client.force_login(world.manager)
    response = client.post(
        reverse("hiring:role_create"),
        {
            "title": "Data engineer",
            "team": world.role.team_id,
            "hiring_manager": world.manager.pk,
            "level": "L6",
            "headcount": 2,
            "principles": [p.pk for p in world.principles[:3]],
            "bar": "Better than half of the data engineers here today.",
        },
    )
    role = Role.objects.get(title="Data engineer")
    assert response.status_code == 302
    response = client.post(
        reverse("hiring:candidate_create", args=[role.pk]),
        {"name": "Sam Lee", "source": "Job board"},
    )
    candidate = Candidate.objects.get(name="Sam Lee")
    assert response["Location"] == reverse("hiring:candidate", args=[candidate.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Applied for Data engineer via Job board." in page


def test_a_role_needs_principles_and_a_bar(client, world):
    client.force_login(world.manager)
    response = client.post(
        reverse("hiring:role_create"),
        {
            "title": "X",
            "team": world.role.team_id,
            "hiring_manager": world.manager.pk,
            "level": "L4",
            "headcount": 1,
            "principles": [world.principles[0].pk],
            "bar": "",
        },
    )
    assert response.status_code == 200
    assert "at least two" in response.content.decode()


def _plan_post(world, **overrides):
    data = {"bar_raiser": 3}
    start = world.start
    for row, seat in enumerate(world.seats()):
        data[f"interviewer_{row}"] = seat.interviewer.pk
        data[f"principles_{row}"] = [p.pk for p in seat.principles]
        data[f"starts_{row}"] = (start + timedelta(hours=row)).strftime("%Y-%m-%dT%H:%M")
        data[f"minutes_{row}"] = 45
    data.update(overrides)
    return data


def test_the_loop_builder_shows_coverage_and_refusals(client, world):
    client.force_login(world.manager)
    url = reverse("hiring:loop_plan", args=[world.candidate.pk])
    page = client.post(
        url, {**_plan_post(world, interviewer_3=world.team_member.pk), "check": "1"}
    ).content.decode()
    assert "Coverage" in page
    assert "in the hiring team" in page
    response = client.post(url, {**_plan_post(world), "plan": "1"})
    loop = Loop.objects.get()
    assert response["Location"] == reverse("hiring:loop", args=[loop.pk])


def test_an_interviewer_writes_feedback_in_the_kit(client, world):
    loop = world.plan()
    person = world.interviewers[0]
    interview = loop.interviews.get(interviewer=person)
    client.force_login(person)
    url = reverse("hiring:kit", args=[interview.pk])
    page = client.get(url).content.decode()
    assert "Tell me about" in page
    assert world.role.bar in page
    data = {
        "overall": "inclined",
        "raises_bar": "yes",
        "raises_bar_reason": "She did better than half of the team today.",
    }
    for p in interview.principles.all():
        data[f"rating_{p.pk}"] = "inclined"
        data[f"evidence_{p.pk}"] = "A smart woman and a culture fit."
    page = client.post(url, {**data, f"evidence_{world.principles[0].pk}": ""}).content.decode()
    assert "Write the evidence for" in page
    assert "is an adjective, not evidence" in page
    assert "is about who the candidate is" in page
    assert not Feedback.objects.exists()
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Feedback.objects.count() == 1


def test_notes_save_as_they_type_and_stay_private(client, world):
    loop = world.plan()
    interview = loop.interviews.get(interviewer=world.interviewers[0])
    client.force_login(world.interviewers[0])
    response = client.post(
        reverse("hiring:notes", args=[interview.pk]),
        {"notes": "Asked about the Q3 outage."},
        HTTP_HX_REQUEST="true",
    )
    assert "Saved" in response.content.decode()
    client.force_login(world.interviewers[1])
    assert client.get(reverse("hiring:kit", args=[interview.pk])).status_code == 404


def test_each_interviewer_gets_an_invitation(client, world):
    loop = world.plan()
    interview = loop.interviews.get(interviewer=world.raiser)
    client.force_login(world.raiser)
    response = client.get(reverse("hiring:invite", args=[interview.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body
    assert "Bar Raiser interview: Jo Park" in body


def test_the_bar_raiser_closes_the_debrief(client, world):
    loop = world.plan()
    for person in [*world.interviewers, world.raiser]:
        world.submit(person, loop)
    client.force_login(world.raiser)
    page = client.get(reverse("hiring:loop", args=[loop.pk])).content.decode()
    assert "Votes by principle" in page
    assert "Close the debrief" in page
    response = client.post(
        reverse("hiring:debrief_close", args=[loop.pk]),
        {
            "outcome": "no_hire",
            "rationale": "Two interviewers found no ownership beyond the tasks.",
            "veto_reason": "",
        },
    )
    assert response.status_code == 302
    loop.refresh_from_db()
    assert loop.status == LoopStatus.CLOSED
    page = client.get(reverse("hiring:loop", args=[loop.pk])).content.decode()
    assert reverse("decisions:detail", args=[loop.decision_id]) in page


def test_a_changed_vote_is_marked_in_the_debrief(client, world):
    loop = world.plan()
    for person in [*world.interviewers, world.raiser]:
        world.submit(person, loop)
    person = world.interviewers[1]
    client.force_login(person)
    client.get(reverse("hiring:loop", args=[loop.pk]))
    world.submit(person, loop, overall="not_inclined")
    page = client.get(reverse("hiring:loop", args=[loop.pk])).content.decode()
    assert "changed after reading: inclined to hire -&gt; not inclined" in page


def test_pages_answer_in_a_fixed_number_of_queries(client, world):
    loop = world.plan()
    for person in [*world.interviewers, world.raiser]:
        world.submit(person, loop)
    client.force_login(world.manager)
    for url, limit in (
        (reverse("hiring:index"), 12),
        (reverse("hiring:role", args=[world.role.pk]), 12),
        (reverse("hiring:candidate", args=[world.candidate.pk]), 14),
        (reverse("hiring:loop", args=[loop.pk]), 16),
        (reverse("hiring:bar_raisers"), 10),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= limit, (url, len(queries))
