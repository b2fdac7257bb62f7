"""Candidate privacy: erasure on request and after retention, legal holds, the access export,
and a proof that nothing personal remains in the database, the data folder or search."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dayone.server.hiring import services
from dayone.server.hiring.models import Candidate

pytestmark = pytest.mark.django_db

PERSONAL = ("Jo Park", "jo@example.test", "+44 7700 900123", "Evidence-jo", "Note-jo", "Resume-jo")


def _full_story(world):
    """A candidate with contact, résumé text, a closed loop with evidence and notes."""
    Candidate.objects.filter(pk=world.candidate.pk).update(
        phone="+44 7700 900123", resume_name="jo.pdf", resume_text="Resume-jo: Rust, Go."
    )
    loop = world.plan()
    for person in [*world.interviewers, world.raiser]:
        interview = loop.interviews.get(interviewer=person)
        services.interview_notes_save(actor=person, interview=interview, notes="Note-jo asked.")
        world.submit(person, loop, evidence="Evidence-jo: Jo Park rebuilt the returns flow.")
    services.debrief_close(
        actor=world.raiser,
        loop=loop,
        outcome="hire",
        rationale="Jo Park showed ownership with numbers behind it, by the evidence.",
    )
    world.candidate.refresh_from_db()
    return loop


def _everything_in_the_database() -> str:
    """Every text and JSON value of every row of every table."""
    chunks = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if fields:
            rows = model._base_manager.values_list(*fields)
            chunks.extend(json.dumps(row, default=str) for row in rows)
    return "\n".join(chunks)


def test_erasure_leaves_nothing_personal(client, world):
    loop = _full_story(world)
    before = _everything_in_the_database()
    assert all(word in before for word in PERSONAL[:5])
    services.candidate_erase(actor=world.admin, candidate=world.candidate)
    remaining = _everything_in_the_database()
    for word in PERSONAL:
        assert word not in remaining, word
    files = [p for p in Path(settings.DAYONE_HOME).rglob("*") if p.is_file()]
    for path in files:
        data = path.read_bytes()
        for word in PERSONAL:
            assert word.encode() not in data, (path, word)
    client.force_login(world.admin)
    found = client.get("/api/hiring/candidates", {"q": "Resume-jo"}).json()
    assert found["total"] == 0
    # The audit log keeps the events.
    audit = client.get(reverse("core:audit")).content.decode()
    assert "candidate.erase" in audit
    assert "loop.debrief_close" in audit
    assert "Jo Park" not in audit
    loop.refresh_from_db()
    assert loop.outcome == "hire"  # the facts stay


def test_only_admins_erase_and_a_hold_stops_it(world):
    with pytest.raises(PermissionDenied):
        services.candidate_erase(actor=world.recruiter, candidate=world.candidate)
    with pytest.raises(ValidationError, match="legal_hold"):
        services.candidate_legal_hold(actor=world.admin, candidate=world.candidate, reason="x")
    services.candidate_legal_hold(
        actor=world.admin,
        candidate=world.candidate,
        reason="Employment tribunal claim 2207, the company's lawyer asked to keep everything.",
    )
    with pytest.raises(ValidationError, match="legal hold stands"):
        services.candidate_erase(actor=world.admin, candidate=world.candidate)


def test_retention_erases_after_24_months_unless_on_hold(world):
    other = services.candidate_create(actor=world.recruiter, role=world.role, name="Sam Lee")
    old = timezone.now() - timedelta(days=25 * 30)
    recent = timezone.now() - timedelta(days=23 * 30)
    Candidate.objects.filter(pk=world.candidate.pk).update(stage="declined", last_activity_at=old)
    Candidate.objects.filter(pk=other.pk).update(stage="declined", last_activity_at=recent)
    held = services.candidate_create(actor=world.recruiter, role=world.role, name="Kim Held")
    Candidate.objects.filter(pk=held.pk).update(
        stage="withdrawn", last_activity_at=old, legal_hold="Claim 2207 asks to keep it."
    )
    out = io.StringIO()
    call_command("hiring_erase_expired", stdout=out)
    assert "Erased 1 candidate past retention." in out.getvalue()
    names = dict(Candidate.objects.values_list("pk", "name"))
    assert names[world.candidate.pk] == f"Erased candidate #{world.candidate.pk}"
    assert names[other.pk] == "Sam Lee"
    assert names[held.pk] == "Kim Held"


def test_the_access_export_holds_everything_the_admin_may_read(client, world):
    loop = world.plan()
    world.submit(world.interviewers[0], loop, evidence="Evidence-open: still hidden.")
    client.force_login(world.admin)
    response = client.get(reverse("hiring:candidate_export", args=[world.candidate.pk]))
    data = json.loads(response.content)
    assert data["candidate"]["email"] == "jo@example.test"
    assert any(e["summary"].startswith("Applied for") for e in data["timeline"])
    seat = next(s for s in data["loops"][0]["interviews"] if s["interviewer"] == "ivy0")
    assert seat["submitted"] is True
    assert seat["feedback"] == []  # the debrief is open: whether it is in, not what it says
    assert "Evidence-open" not in response.content.decode()
    assert client.get(f"/api/hiring/candidates/{world.candidate.pk}/export").json() == data
    client.force_login(world.recruiter)
    assert (
        client.get(reverse("hiring:candidate_export", args=[world.candidate.pk])).status_code == 403
    )
