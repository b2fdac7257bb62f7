"""The hiring API: the whole flow over JSON, with refusals that name the field."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dayone.server.hiring.models import Feedback, Loop

pytestmark = pytest.mark.django_db


def _seats(world):
    return [
        {
            "interviewer": seat.interviewer.username,
            "principles": [p.slug for p in seat.principles],
            "starts_at": seat.starts_at.isoformat(),
            "ends_at": seat.ends_at.isoformat(),
            "bar_raiser": seat.is_bar_raiser,
        }
        for seat in world.seats()
    ]


def test_open_a_role_add_a_candidate_and_plan_a_loop(client, world):
    client.force_login(world.manager)
    response = client.post(
        "/api/hiring/roles",
        {
            "title": "Data engineer",
            "team": "storefront",
            "hiring_manager": "hugo",
            "level": "L6",
            "bar": "Better than half of the data engineers here today.",
            "principles": [p.slug for p in world.principles],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    role = response.json()
    response = client.post(
        f"/api/hiring/roles/{role['id']}/candidates",
        {"name": "Sam Lee"},
        content_type="application/json",
    )
    assert response.status_code == 201
    candidate = response.json()
    assert candidate["timeline"][0]["summary"] == "Applied for Data engineer."
    response = client.post(
        f"/api/hiring/candidates/{candidate['id']}/loops",
        {"seats": _seats(world)},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["seats"]) == 4


def test_a_refused_loop_names_the_field(client, world):
    client.force_login(world.manager)
    seats = _seats(world)
    seats[3]["interviewer"] = "hugo"
    response = client.post(
        f"/api/hiring/candidates/{world.candidate.pk}/loops",
        {"seats": seats},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "is the hiring manager" in response.json()["detail"]["bar_raiser"][0]


def test_feedback_over_the_api_then_the_others_open(client, world):
    loop = world.plan()
    for person in world.interviewers[1:]:
        world.submit(person, loop)
    person = world.interviewers[0]
    interview = loop.interviews.get(interviewer=person)
    client.force_login(person)
    before = client.get(f"/api/hiring/loops/{loop.pk}").json()
    assert before["may_read_feedback"] is False
    assert [s["feedback"] for s in before["seats"]] == [[], [], [], []]
    payload = {
        "overall": "strong_hire",
        "raises_bar": True,
        "raises_bar_reason": "She did better than half of the team on every principle.",
        "ratings": [
            {
                "principle": p.slug,
                "rating": "strong_hire",
                "evidence": "Shipped the fix in 2 days, cutting errors 30%.",
            }
            for p in interview.principles.all()
        ],
    }
    response = client.post(
        f"/api/hiring/interviews/{interview.pk}/feedback", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    after = response.json()
    assert after["may_read_feedback"] is True
    assert sum(len(s["feedback"]) for s in after["seats"]) == 3
    again = client.post(
        f"/api/hiring/interviews/{interview.pk}/feedback", payload, content_type="application/json"
    )
    assert again.status_code == 201
    assert Feedback.objects.filter(interview=interview).count() == 1


def test_feedback_for_someone_elses_interview_is_refused(client, world):
    loop = world.plan()
    interview = loop.interviews.get(interviewer=world.interviewers[0])
    client.force_login(world.interviewers[1])
    response = client.post(
        f"/api/hiring/interviews/{interview.pk}/feedback",
        {"overall": "inclined", "raises_bar": True, "raises_bar_reason": "x", "ratings": []},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_bar_raiser_closes_the_debrief_over_the_api(client, world):
    loop = world.plan()
    for person in [*world.interviewers, world.raiser]:
        world.submit(person, loop, at=world.start + timedelta(hours=8))
    client.force_login(world.raiser)
    response = client.post(
        f"/api/hiring/loops/{loop.pk}/debrief",
        {
            "outcome": "no_hire",
            "rationale": "Two of four found no ownership.",
            "veto_reason": "Nobody saw ownership past the assigned work.",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["outcome"], body["vetoed"]) == ("closed", "no_hire", True)
    assert Loop.objects.get().decision_id == body["decision"]
