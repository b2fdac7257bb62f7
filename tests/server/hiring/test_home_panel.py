"""The home page tells interviewers the feedback they owe and the hiring team who is late."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dayone.server.hiring import selectors

pytestmark = pytest.mark.django_db


def _home(client, person) -> str:
    client.force_login(person)
    return client.get(reverse("core:home")).content.decode()


def test_overdue_feedback_on_the_interviewers_and_the_recruiters_home(client, world):
    loop = world.plan()
    world.submit(world.interviewers[1], loop)
    kit = reverse("hiring:kit", args=[loop.interviews.get(interviewer=world.interviewers[0]).pk])
    page = _home(client, world.interviewers[0])
    assert "Interview feedback" in page
    assert "Yours to write" in page
    assert kit in page
    assert "overdue" in page
    assert "Past due on your roles" not in page
    recruiter = _home(client, world.recruiter)
    assert "Past due on your roles" in recruiter
    for person in (world.interviewers[0], world.interviewers[2], world.raiser):
        assert str(person) in recruiter
    assert str(world.interviewers[1]) not in recruiter  # theirs is in
    assert "Interview feedback" not in _home(client, world.outsider)
    assert "Interview feedback" not in _home(client, world.interviewers[1])


def test_due_a_day_after_the_interview_by_default(world):
    start = timezone.now() - timedelta(hours=2)
    loop = world.plan(start=start)
    owed = selectors.feedback_owed(viewer=world.interviewers[0])
    assert len(owed) == 1
    interview = loop.interviews.get(interviewer=world.interviewers[0])
    assert owed[0].due_at == interview.ends_at + timedelta(hours=24)
    assert not owed[0].overdue
    # Interviews still to come owe nothing yet.
    assert selectors.feedback_owed(viewer=world.raiser) == []
    assert selectors.feedback_owed(
        viewer=world.interviewers[0], at=owed[0].due_at + timedelta(minutes=1)
    )[0].overdue
