"""No script runs from what people type into hiring: script-injection attempts go into a role,
its candidates, interview notes and feedback, and the debrief; every hiring page shows them as
text."""

from __future__ import annotations

import contextlib
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dayone.server.hiring import services
from dayone.server.hiring.models import Candidate
from tests.server.core.test_xss import PAYLOADS, executable_parts
from tests.server.hiring.conftest import World

pytestmark = pytest.mark.django_db

SENTENCE = "She rebuilt the returns checklist and cut returns by 12% in a quarter."


def _said(payload: str) -> str:
    """A payload inside a reason that has substance, so the rules of writing let it in."""
    return f"{SENTENCE} {payload}"


def test_script_typed_into_hiring_is_shown_as_text_on_every_hiring_page(client, world: World):
    payloads = itertools.cycle(PAYLOADS)
    role = services.role_create(
        actor=world.manager,
        title=f"Engineer {next(payloads)}"[:120],
        team=world.role.team,
        hiring_manager=world.manager,
        recruiter=world.recruiter,
        level="L5",
        bar=_said(next(payloads)),
        principles=world.principles,
    )
    for number, payload in enumerate(PAYLOADS):
        with contextlib.suppress(ValidationError):  # a refusal is fine: nothing is stored
            services.candidate_create(
                actor=world.recruiter,
                role=role,
                name=f"Candidate {number} {payload}"[:200],
                source=payload[:200],
                recruiter_note=payload,
            )
    stored = Candidate.objects.filter(role=role).count()
    assert stored >= len(PAYLOADS) // 2, "most payloads should be stored as text"

    loop = world.plan()
    for person in [*world.interviewers, world.raiser]:
        interview = loop.interviews.get(interviewer=person)
        services.interview_notes_save(actor=person, interview=interview, notes=next(payloads))
        world.submit(person, loop, evidence=_said(next(payloads)))
    services.debrief_close(
        actor=world.raiser, loop=loop, outcome="hire", rationale=_said(next(payloads))
    )

    pages = [
        reverse("hiring:index"),
        reverse("hiring:role", args=[role.pk]),
        reverse("hiring:role", args=[world.role.pk]),
        reverse("hiring:loop", args=[loop.pk]),
        reverse("hiring:candidate", args=[world.candidate.pk]),
        reverse("hiring:questions"),
        *(reverse("hiring:candidate", args=[c.pk]) for c in Candidate.objects.filter(role=role)),
    ]
    for viewer in (world.manager, world.recruiter):
        client.force_login(viewer)
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            assert executable_parts(response.content.decode()) == [], path
        shown = client.get(reverse("hiring:loop", args=[loop.pk])).content.decode()
        assert "&lt;" in shown, "the feedback and the debrief are shown, escaped"
    client.force_login(world.admin)
    calibration = client.get(reverse("hiring:calibration"))
    assert calibration.status_code == 200
    assert executable_parts(calibration.content.decode()) == []
    for interview in loop.interviews.all():  # a kit, with its notes, is its interviewer's
        client.force_login(interview.interviewer)
        kit = client.get(reverse("hiring:kit", args=[interview.pk]))
        assert kit.status_code == 200
        assert executable_parts(kit.content.decode()) == [], interview
        assert "&lt;" in kit.content.decode(), "the notes are shown, escaped"
