from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from dayone.server.core.demo import demo_load
from dayone.server.core.models import User
from dayone.server.hiring import selectors
from dayone.server.hiring.enums import BarRaiserStatus, LoopStatus, RoleStatus, Stage
from dayone.server.hiring.models import (
    BarRaiser,
    Candidate,
    CheckIn,
    Feedback,
    InterviewQuestion,
    Loop,
    Role,
)
from dayone.server.hiring.record import bar_raiser_records

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_hiring_has_finished_loops_with_disagreement(settings, tmp_path, client):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    demo_load(today=date(2026, 11, 22))
    assert sorted(Role.objects.values_list("status", flat=True)) == sorted(
        [RoleStatus.OPEN] * 3 + [RoleStatus.FILLED]
    )
    assert Candidate.objects.count() == 17
    assert {c.stage for c in Candidate.objects.all()} == set(Stage.values)
    closed = Loop.objects.filter(status=LoopStatus.CLOSED)
    assert closed.count() == 9
    # A year of history: the closed loops spread over the past twelve months.
    end = datetime(2026, 11, 22, tzinfo=UTC)
    days = sorted((end - loop.closed_at).days for loop in closed)
    assert days[0] < 30
    assert 300 < days[-1] < 365
    assert len({loop.closed_at.strftime("%Y-%m") for loop in closed}) >= 8
    # One interviewer's feedback came in past due in a finished loop.
    late = [
        f
        for f in Feedback.objects.filter(interview__loop__in=closed).select_related("interview")
        if f.submitted_at > f.interview.ends_at + timedelta(hours=24)
    ]
    assert len(late) == 1
    # One loop has all its feedback in and waits for the Bar Raiser's debrief.
    waiting = Loop.objects.get(status=LoopStatus.OPEN, candidate__stage=Stage.DEBRIEF)
    assert Feedback.objects.filter(interview__loop=waiting).count() == 4
    assert closed.filter(vetoed=True).count() == 1
    assert all(loop.decision_id for loop in closed)
    assert Feedback.objects.filter(after_reading=True).count() == 1
    split = [
        loop
        for loop in closed
        if len(set(Feedback.objects.filter(interview__loop=loop).values_list("overall", flat=True)))
        > 1
    ]
    assert len(split) >= 6
    assert BarRaiser.objects.filter(status=BarRaiserStatus.CERTIFIED).count() == 4
    assert BarRaiser.objects.filter(status=BarRaiserStatus.TRAINEE).count() == 1
    hannah = User.objects.get(username="hannah.lindqvist")
    assert selectors.overdue_feedback(viewer=hannah)

    client.force_login(User.objects.get(username="eleanor.voss"))
    urls = [reverse("hiring:index"), reverse("hiring:bar_raisers")]
    urls += [reverse("hiring:role", args=[r.pk]) for r in Role.objects.all()]
    urls += [reverse("hiring:candidate", args=[c.pk]) for c in Candidate.objects.all()]
    urls += [reverse("hiring:loop", args=[loop.pk]) for loop in Loop.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url
    vetoed = closed.get(vetoed=True)
    page = client.get(reverse("hiring:loop", args=[vetoed.pk])).content.decode()
    assert "Veto:" in page
    assert "The veto stands" in page
    # Two hires have a 90-day check-in: one right, one not; they count in the record.
    assert sorted(CheckIn.objects.values_list("right_hire", flat=True)) == [False, True]
    records = {
        r.raiser.person.username: r
        for r in bar_raiser_records(viewer=User.objects.get(username="eleanor.voss"))
    }
    assert (records["isabel.costa"].right, records["isabel.costa"].checked) == (1, 1)
    assert (records["erik.johansson"].right, records["erik.johansson"].checked) == (0, 1)
    # The trainee has shadowed her loops and led one, signed off: part-way to certification.
    assert (records["mei.tan"].shadowed, records["mei.tan"].led) == (3, 1)
    page = client.get(reverse("hiring:bar_raisers")).content.decode()
    assert "shadowed 3 of 3, led 1 of 3 signed off" in page
    # The company's own questions: two in the bank (one edited), one retired.
    assert InterviewQuestion.objects.filter(retired_at__isnull=True).count() == 2
    assert InterviewQuestion.objects.filter(retired_at__isnull=False).count() == 1
    edited = InterviewQuestion.objects.get(version=2, retired_at__isnull=True)
    assert edited.revisions.count() == 2
    page = client.get(reverse("hiring:questions")).content.decode()
    assert "one reader whose complaint changed what you built or sold" in page
    # The calibration page has the year's loops; the principles page says where each is used.
    page = client.get(reverse("hiring:calibration") + "?period=all").content.decode()
    assert "laura.chen" in page or "Laura Chen" in page
    page = client.get(reverse("teams:principle_list")).content.decode()
    assert "interview loops" in page
    assert "decisions" in page
