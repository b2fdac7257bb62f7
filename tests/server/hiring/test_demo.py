from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dayone.server.core.demo import demo_load
from dayone.server.core.models import User
from dayone.server.hiring import selectors
from dayone.server.hiring.enums import BarRaiserStatus, LoopStatus, RoleStatus
from dayone.server.hiring.models import BarRaiser, Candidate, CheckIn, Feedback, Loop, Role
from dayone.server.hiring.record import bar_raiser_records

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_hiring_has_finished_loops_with_disagreement(settings, tmp_path, client):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    demo_load(today=date(2026, 11, 22))
    assert sorted(Role.objects.values_list("status", flat=True)) == sorted(
        [RoleStatus.OPEN] * 3 + [RoleStatus.FILLED]
    )
    assert Candidate.objects.count() == 16
    closed = Loop.objects.filter(status=LoopStatus.CLOSED)
    assert closed.count() == 9
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
