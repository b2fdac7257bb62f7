"""A candidate's privacy: erasure after retention or on request, legal holds, and what an
access request is answered with (``selectors_privacy.candidate_export``).

Erasing blanks the candidate's contact, source, recruiter's note and résumé, the words of every
timeline line, every interviewer's evidence, reasons and private notes in their loops, the
debrief's rationale, and the text of the hire decision, its notifications and the audit entries
that quoted any of it. The rows stay (the audit log keeps its events: who did what, when, to
``candidate #id``), their words do not. On SQLite the erasing connection overwrites freed
pages (``secure_delete``), so the words do not linger in the data folder's database file.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from dayone.server.core.access import ensure_admin
from dayone.server.core.history import history_unlocked
from dayone.server.core.models import AuditEntry, User
from dayone.server.core.services import audit_record
from dayone.server.core.validators import substance_error
from dayone.server.decisions.models import Decision, Notification
from dayone.server.hiring.enums import FINAL_STAGES, EventKind
from dayone.server.hiring.models import (
    Candidate,
    CandidateEvent,
    CheckIn,
    Feedback,
    FeedbackRating,
    Interview,
    Loop,
)
from dayone.server.hiring.services._common import hiring_settings, now_or
from dayone.server.hiring.services.resume import resume_delete

ERASED = "Erased."
ALREADY_ERASED = "This candidate's personal data is already erased."
ON_HOLD = "A legal hold stands ({reason}): lift it before erasing."
HOLD_REASON = "Write why the data must be kept: the matter and who asked for the hold."


def erased_name(candidate: Candidate) -> str:
    """What an erased candidate is called."""
    return f"Erased candidate #{candidate.pk}"


def _secure_delete() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


@transaction.atomic
def candidate_erase(
    *, actor: User | None, candidate: Candidate, at: datetime | None = None
) -> Candidate:
    """Erase a candidate's personal data (admins on request; ``actor=None`` for retention)."""
    if actor is not None:
        ensure_admin(actor)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.erased_at is not None:
        raise ValidationError({"__all__": ALREADY_ERASED})
    if candidate.legal_hold.strip():
        raise ValidationError({"legal_hold": ON_HOLD.format(reason=candidate.legal_hold.strip())})
    _secure_delete()
    words = [w for w in (candidate.name, candidate.email, candidate.phone) if len(w.strip()) >= 3]
    loops = Loop.objects.filter(candidate=candidate)
    decision_ids = [pk for pk in loops.values_list("decision_id", flat=True) if pk]
    interviews = Interview.objects.filter(loop__candidate=candidate)
    FeedbackRating.objects.filter(feedback__interview__in=interviews).update(evidence=ERASED)
    Feedback.objects.filter(interview__in=interviews).update(raises_bar_reason=ERASED)
    interviews.update(notes="")
    CheckIn.objects.filter(loop__candidate=candidate).update(note=ERASED)
    loops.update(rationale=ERASED, veto_reason="", without_all_feedback="")
    CandidateEvent.objects.filter(candidate=candidate).update(summary=ERASED)
    for decision in Decision.objects.filter(pk__in=decision_ids):
        question = f"Do we hire {erased_name(candidate).lower()} as {candidate.role.title}?"
        Decision.objects.filter(pk=decision.pk).update(question=question[:200], context=ERASED)
    notes = Notification.objects.filter(decision_id__in=decision_ids)
    for word in words:
        notes = notes | Notification.objects.filter(message__icontains=word)
    notes.update(message=f"A hiring decision about {erased_name(candidate).lower()}.")
    _erase_audit(candidate, decision_ids, words)
    transaction.on_commit(lambda: resume_delete(candidate))
    when = now_or(at)
    Candidate.objects.filter(pk=candidate.pk).update(
        name=erased_name(candidate),
        email="",
        phone="",
        source="",
        recruiter_note="",
        resume_name="",
        resume_text="",
        erased_at=when,
    )
    CandidateEvent.objects.create(
        candidate=candidate, actor=actor, kind=EventKind.ERASED, summary=ERASED, at=when
    )
    audit_record(
        actor=actor,
        action="candidate.erase",
        target=candidate,
        after={"by": "request" if actor is not None else "retention"},
    )
    candidate.refresh_from_db()
    return candidate


def _erase_audit(candidate: Candidate, decision_ids: list[int], words: list[str]) -> None:
    """Blank the values of the audit entries about the candidate or quoting them; the entries
    (who, what, when, on which row) stay."""
    loop_ids = [
        str(pk) for pk in Loop.objects.filter(candidate=candidate).values_list("pk", flat=True)
    ]
    about = (
        Q(target_type="hiring.candidate", target_id=str(candidate.pk))
        | Q(target_type="hiring.loop", target_id__in=loop_ids)
        | Q(target_type="decisions.decision", target_id__in=[str(pk) for pk in decision_ids])
    )
    entries = AuditEntry.objects.annotate(
        before_text=Cast("before", TextField()), after_text=Cast("after", TextField())
    )
    quoting = Q(pk__in=[])
    for word in words:
        quoting |= (
            Q(before_text__icontains=word)
            | Q(after_text__icontains=word)
            | Q(target_repr__icontains=word)
        )
    targets = list(entries.filter(about | quoting).values_list("pk", flat=True))
    if not targets:
        return
    with history_unlocked(connection):
        AuditEntry.objects.filter(pk__in=targets).update(
            before=None, after={"erased": True}, target_repr=f"candidate #{candidate.pk}"
        )


def candidates_past_retention(*, at: datetime | None = None) -> list[Candidate]:
    """Candidates whose last process ended longer ago than the retention period, with no legal
    hold, not yet erased."""
    months = hiring_settings().retention_months
    cutoff = now_or(at) - timedelta(days=round(months * 365.25 / 12))
    return list(
        Candidate.objects.filter(
            erased_at__isnull=True, stage__in=FINAL_STAGES, last_activity_at__lt=cutoff
        )
        .filter(legal_hold="")
        .order_by("pk")
    )


def candidates_erase_expired(*, at: datetime | None = None) -> int:
    """Erase every candidate past retention; returns how many."""
    expired = candidates_past_retention(at=at)
    for candidate in expired:
        candidate_erase(actor=None, candidate=candidate, at=at)
    return len(expired)


@transaction.atomic
def candidate_legal_hold(*, actor: User, candidate: Candidate, reason: str) -> Candidate:
    """Place (with a reason) or lift (with an empty reason) a legal hold. Admins only."""
    ensure_admin(actor)
    if candidate.erased_at is not None:
        raise PermissionDenied(ALREADY_ERASED)
    reason = reason.strip()
    if reason:
        error = substance_error(reason, what="reason for the legal hold", missing=HOLD_REASON)
        if error:
            raise ValidationError({"legal_hold": error})
    before = bool(candidate.legal_hold)
    Candidate.objects.filter(pk=candidate.pk).update(legal_hold=reason)
    audit_record(
        actor=actor,
        action="candidate.legal_hold",
        target=candidate,
        before={"hold": before},
        after={"hold": bool(reason)},
    )
    candidate.refresh_from_db()
    return candidate
