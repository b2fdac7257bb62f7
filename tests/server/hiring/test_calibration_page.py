"""The calibration page: closed loops only, over a chosen period, for admins and Bar Raisers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dayone.server.hiring import services
from dayone.server.hiring.calibration import calibration_get
from dayone.server.hiring.models import Loop

pytestmark = pytest.mark.django_db


def _closed_loop(world, votes, *, days_before=0):
    loop = world.plan(start=world.start - timedelta(days=days_before))
    for person, vote in zip([*world.interviewers, world.raiser], votes, strict=True):
        world.submit(person, loop, overall=vote)
    services.debrief_close(
        actor=world.raiser,
        loop=loop,
        outcome="hire",
        rationale="Three of four found ownership with numbers behind it.",
    )
    return loop


def test_a_harsh_interviewer_stands_out(client, world):
    _closed_loop(world, ["not_inclined", "strong_hire", "strong_hire", "strong_hire"])
    view = calibration_get(viewer=world.admin)
    by_name = {row.name: row.stats for row in view.interviewers}
    harsh = by_name[world.interviewers[0].get_full_name() or "ivy0"]
    assert view.loops == 1
    assert view.votes == 4
    assert harsh.mean_offset == pytest.approx(-2.0)
    assert harsh.leaning == "harsh"
    assert harsh.against_outcome == 1
    assert harsh.median_hours == pytest.approx((6 * 60 - 45) / 60)
    assert by_name[world.raiser.get_full_name() or "bruno"].strong_share == 1.0
    assessed = {row.name for row in view.principles}
    assert assessed == {p.name for p in world.principles}
    client.force_login(world.admin)
    page = client.get(reverse("hiring:calibration")).content.decode()
    assert "-2.00" in page
    assert "harsh" in page
    assert "vega-spec" in page
    assert reverse("hiring:calibration") in client.get(reverse("hiring:index")).content.decode()


def test_a_closed_loop_keeps_numbers_not_words(world):
    loop = _closed_loop(world, ["not_inclined", "strong_hire", "inclined", "strong_hire"])
    loop.refresh_from_db()
    facts = loop.calibration
    assert sorted(facts["interviewer"]) == sorted(p.pk for p in [*world.interviewers, world.raiser])
    assert sorted(facts["overall"]) == [2, 3, 4, 4]
    assert sorted(facts["principle"]) == sorted(p.pk for p in world.principles)
    assert sum(map(sum, facts["counts"])) == 8  # four seats rating two principles each
    assert "returns" not in str(facts)


def test_open_loops_do_not_count(world):
    loop = world.plan()
    world.submit(world.interviewers[0], loop, overall="strong_no_hire")
    view = calibration_get(viewer=world.admin)
    assert view.votes == 0
    assert view.interviewers == []


def test_the_period_leaves_out_older_loops(client, world):
    loop = _closed_loop(world, ["inclined", "inclined", "not_inclined", "inclined"])
    Loop.objects.filter(pk=loop.pk).update(closed_at=timezone.now() - timedelta(days=200))
    assert calibration_get(viewer=world.admin, period="90d").loops == 0
    assert calibration_get(viewer=world.admin, period="1y").loops == 1
    client.force_login(world.admin)
    page = client.get(reverse("hiring:calibration") + "?period=90d").content.decode()
    assert "No closed loop in this period." in page
    assert 'value="90d" selected' in page


def test_only_admins_and_bar_raisers_calibrate(client, world):
    _closed_loop(world, ["inclined", "inclined", "not_inclined", "inclined"])
    for person, status in (
        (world.admin, 200),
        (world.raiser, 200),
        (world.interviewers[0], 404),
        (world.outsider, 404),
        (world.viewer, 404),
    ):
        client.force_login(person)
        assert client.get(reverse("hiring:calibration")).status_code == status, person


def test_the_page_answers_in_a_fixed_number_of_queries(client, world):
    _closed_loop(world, ["inclined", "inclined", "not_inclined", "inclined"])
    client.force_login(world.admin)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("hiring:calibration")).status_code == 200
    world.candidate = services.candidate_create(
        actor=world.recruiter, role=world.role, name="Sam Lee", source="Job board"
    )
    _closed_loop(
        world, ["strong_hire", "inclined", "not_inclined", "strong_no_hire"], days_before=1
    )
    with CaptureQueriesContext(connection) as two:
        assert client.get(reverse("hiring:calibration")).status_code == 200
    assert len(two) == len(one) <= 12
