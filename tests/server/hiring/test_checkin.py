"""Check-ins on a hire after 90 days and a year, and the Bar Raiser's record they feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dayone.server.hiring import services
from dayone.server.hiring.enums import CheckInKind, LoopOutcome
from dayone.server.hiring.record import bar_raiser_records

pytestmark = pytest.mark.django_db

NOTE = "She shipped the returns rework in her first quarter and now mentors two engineers."


def _hired(world, *, raiser_vote="inclined", outcome=LoopOutcome.HIRE, days_ago=100):
    """A closed loop ``days_ago`` days back whose candidate was hired."""
    closed = timezone.now() - timedelta(days=days_ago)
    loop = world.plan()
    for person in world.interviewers:
        world.submit(person, loop)
    world.submit(world.raiser, loop, overall=raiser_vote)
    services.debrief_close(
        actor=world.raiser,
        loop=loop,
        outcome=outcome,
        rationale="Three of four interviewers found ownership with numbers behind it.",
        at=closed,
    )
    services.candidate_set_stage(actor=world.manager, candidate=world.candidate, stage="hired")
    loop.refresh_from_db()
    return loop


def test_the_hiring_manager_checks_in_after_90_days_not_before(world):
    loop = _hired(world, days_ago=30)
    with pytest.raises(ValidationError) as caught:
        services.checkin_record(
            actor=world.manager, loop=loop, kind=CheckInKind.DAYS_90, right_hire=True, note=NOTE
        )
    opens = loop.closed_at + timedelta(days=90)
    assert caught.value.message_dict["kind"] == [
        f"The 90-day check-in opens on {opens:%d %b %Y}, 90 days after the debrief."
    ]
    later = loop.closed_at + timedelta(days=91)
    checkin = services.checkin_record(
        actor=world.manager,
        loop=loop,
        kind=CheckInKind.DAYS_90,
        right_hire=True,
        note=NOTE,
        at=later,
    )
    assert checkin.right_hire
    with pytest.raises(ValidationError) as caught:
        services.checkin_record(
            actor=world.manager,
            loop=loop,
            kind=CheckInKind.DAYS_90,
            right_hire=False,
            note=NOTE,
            at=later,
        )
    assert "was recorded on" in caught.value.message_dict["kind"][0]
    assert world.candidate.events.filter(kind="checkin").count() == 1


def test_refusals_name_the_field_and_the_person(world):
    loop = _hired(world)
    with pytest.raises(PermissionDenied, match=str(world.manager)):
        services.checkin_record(
            actor=world.raiser, loop=loop, kind=CheckInKind.DAYS_90, right_hire=True, note=NOTE
        )
    with pytest.raises(ValidationError) as caught:
        services.checkin_record(
            actor=world.manager, loop=loop, kind="6_months", right_hire=None, note=""
        )
    errors = caught.value.message_dict
    assert set(errors) == {"kind", "right_hire", "note"}


def test_a_candidate_not_hired_gets_no_check_in(world):
    loop = world.plan()
    for person in [*world.interviewers, world.raiser]:
        world.submit(person, loop)
    services.debrief_close(
        actor=world.raiser,
        loop=loop,
        outcome=LoopOutcome.HIRE,
        rationale="Three of four interviewers found ownership with numbers behind it.",
        at=timezone.now() - timedelta(days=100),
    )
    with pytest.raises(ValidationError, match="stage is offer, not hired"):
        services.checkin_record(
            actor=world.manager, loop=loop, kind=CheckInKind.DAYS_90, right_hire=True, note=NOTE
        )


def test_the_record_counts_matches_with_the_outcome_and_the_check_ins(world):
    # The Bar Raiser voted not inclined, the debrief hired; a year on it was the wrong hire:
    # the vote did not match the outcome, and it was right.
    loop = _hired(world, raiser_vote="not_inclined", days_ago=400)
    services.checkin_record(
        actor=world.manager, loop=loop, kind=CheckInKind.DAYS_90, right_hire=True, note=NOTE
    )
    services.checkin_record(
        actor=world.manager,
        loop=loop,
        kind=CheckInKind.YEAR_1,
        right_hire=False,
        note="By the year she had missed every delivery date she set, by months.",
    )
    records = {r.raiser.person.username: r for r in bar_raiser_records(viewer=world.admin)}
    bruno = records["bruno"]
    assert (bruno.loops, bruno.vetoes) == (1, 0)
    assert (bruno.matched, bruno.voted) == (0, 1)
    assert (bruno.right, bruno.checked) == (1, 1)
    assert records["tim"].voted == 0
    # Someone who may not read calibration sees loops and vetoes, not how anyone voted.
    outsider = {r.raiser.person.username: r for r in bar_raiser_records(viewer=world.outsider)}
    assert outsider["bruno"].loops == 1
    assert outsider["bruno"].matched is None
    assert outsider["bruno"].right is None


def test_an_open_loop_counts_no_vote(world):
    loop = world.plan()
    world.submit(world.raiser, loop)
    bruno = next(
        r for r in bar_raiser_records(viewer=world.admin) if r.raiser.person == world.raiser
    )
    assert (bruno.loops, bruno.voted) == (1, 0)


def test_the_loop_page_and_the_pool_page(client, world):
    loop = _hired(world)
    client.force_login(world.manager)
    page = client.get(reverse("hiring:loop", args=[loop.pk])).content.decode()
    assert "Record the check-in" in page
    response = client.post(
        reverse("hiring:checkin", args=[loop.pk]),
        {"kind": CheckInKind.DAYS_90, "right_hire": "yes", "note": NOTE},
    )
    assert response.status_code == 302
    page = client.get(reverse("hiring:loop", args=[loop.pk])).content.decode()
    assert "The right hire" in page
    assert NOTE in page
    refused = client.post(
        reverse("hiring:checkin", args=[loop.pk]),
        {"kind": CheckInKind.YEAR_1, "right_hire": "no", "note": NOTE},
    ).content.decode()
    assert "The one-year check-in opens on" in refused
    client.force_login(world.admin)
    pool = client.get(reverse("hiring:bar_raisers")).content.decode()
    assert "1 of 1 (100%)" in pool  # matched the outcome and was right
    client.force_login(world.outsider)
    pool = client.get(reverse("hiring:bar_raisers")).content.decode()
    assert "Vote matched the outcome" not in pool


def test_the_api_records_a_check_in(client, world):
    loop = _hired(world)
    client.force_login(world.manager)
    response = client.post(
        f"/api/hiring/loops/{loop.pk}/checkins",
        {"kind": "90_days", "right_hire": True, "note": NOTE},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["checkins"][0]["right_hire"] is True
    response = client.post(
        f"/api/hiring/loops/{loop.pk}/checkins",
        {"kind": "90_days", "right_hire": True, "note": NOTE},
        content_type="application/json",
    )
    assert response.status_code == 422
    client.force_login(world.admin)
    bruno = next(r for r in client.get("/api/hiring/bar-raisers").json() if r["person"] == "bruno")
    assert (bruno["matched"], bruno["right"], bruno["checked"]) == (1, 1, 1)


def test_erasure_blanks_the_check_in_note(world):
    loop = _hired(world)
    services.checkin_record(
        actor=world.manager, loop=loop, kind=CheckInKind.DAYS_90, right_hire=True, note=NOTE
    )
    services.candidate_erase(actor=world.admin, candidate=world.candidate)
    checkin = loop.checkins.get()
    assert NOTE not in checkin.note
    assert checkin.right_hire  # the record keeps the verdict, not the words
