"""The database keeps the hiring records whole: one seat per person, versions, the scale."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from dayone.server.hiring.enums import LoopOutcome, LoopStatus
from dayone.server.hiring.models import Candidate, Feedback, Interview, Loop, Role
from dayone.server.teams.models import Team
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview():
    manager = UserFactory()
    team = Team.objects.create(name="Storefront", slug="storefront", leader=manager)
    role = Role.objects.create(
        title="Engineer", team=team, hiring_manager=manager, level="L5", bar="Better than half."
    )
    candidate = Candidate.objects.create(role=role, name="Jo Park")
    loop = Loop.objects.create(candidate=candidate)
    start = timezone.now()
    return Interview.objects.create(
        loop=loop, interviewer=UserFactory(), starts_at=start, ends_at=start + timedelta(hours=1)
    )


def test_a_person_sits_in_a_loop_once(interview):
    with pytest.raises(IntegrityError):
        Interview.objects.create(
            loop=interview.loop,
            interviewer=interview.interviewer,
            starts_at=interview.starts_at,
            ends_at=interview.ends_at,
        )


def test_a_feedback_version_is_stored_once(interview):
    Feedback.objects.create(interview=interview, overall=3, raises_bar=True, raises_bar_reason="x")
    with pytest.raises(IntegrityError):
        Feedback.objects.create(
            interview=interview, overall=2, raises_bar=False, raises_bar_reason="y"
        )


def test_the_scale_has_four_points(interview):
    with pytest.raises(IntegrityError):
        Feedback.objects.create(
            interview=interview, overall=5, raises_bar=True, raises_bar_reason="x"
        )


def test_a_veto_is_a_no_hire(interview):
    loop = interview.loop
    loop.status, loop.outcome, loop.vetoed = LoopStatus.CLOSED, LoopOutcome.HIRE, True
    with pytest.raises(IntegrityError):
        loop.save()


def test_a_closed_loop_has_an_outcome(interview):
    loop = interview.loop
    loop.status = LoopStatus.CLOSED
    with pytest.raises(IntegrityError):
        loop.save()
