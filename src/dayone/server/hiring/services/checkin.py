"""The hiring manager's check-ins on a hire, after 90 days and after a year: was it right?

They feed each Bar Raiser's record: how often the Bar Raiser's vote agreed with how the hire
turned out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from dayone.server.core.access import ensure_can_write
from dayone.server.core.models import User
from dayone.server.core.services import audit_record, model_snapshot
from dayone.server.core.validators import substance_error
from dayone.server.hiring.enums import CheckInKind, EventKind, Stage
from dayone.server.hiring.models import CheckIn, Loop
from dayone.server.hiring.services._common import now_or, record_event

CHECKIN_DAYS = {CheckInKind.DAYS_90: 90, CheckInKind.YEAR_1: 365}
CHECKIN_NAMES = {CheckInKind.DAYS_90: "90-day", CheckInKind.YEAR_1: "one-year"}
ONLY_MANAGER = "Only {manager}, the role's hiring manager, records a check-in on the hire."
NOT_HIRED = "A check-in is on a hire: this candidate's stage is {stage}, not hired."
NOT_CLOSED = "A check-in comes after the debrief: this loop's debrief is still open."
KIND_UNKNOWN = "Choose the check-in: after 90 days or after a year."
TOO_EARLY = "The {kind} check-in opens on {date:%d %b %Y}, {days} days after the debrief."
ALREADY = "The {kind} check-in was recorded on {date:%d %b %Y}; there is one of each."
RIGHT_MISSING = "Say whether it was the right hire: yes or no."
NOTE_MISSING = "Write what the hire did that shows it, with an example."


def checkin_opens(loop: Loop, kind: str) -> datetime | None:
    """When a check-in of ``kind`` may be recorded: that many days after the debrief."""
    if loop.closed_at is None or kind not in CHECKIN_DAYS:
        return None
    return loop.closed_at + timedelta(days=CHECKIN_DAYS[CheckInKind(kind)])


@transaction.atomic
def checkin_record(
    *,
    actor: User,
    loop: Loop,
    kind: str,
    right_hire: bool | None,
    note: str,
    at: datetime | None = None,
) -> CheckIn:
    """The hiring manager says whether the hire was right, 90 days or a year after the debrief."""
    ensure_can_write(actor)
    loop = Loop.objects.select_related("candidate__role__hiring_manager").get(pk=loop.pk)
    candidate = loop.candidate
    manager = candidate.role.hiring_manager
    if actor.pk != manager.pk:
        raise PermissionDenied(ONLY_MANAGER.format(manager=manager))
    if not loop.is_closed:
        raise ValidationError({"__all__": NOT_CLOSED})
    if candidate.stage != Stage.HIRED:
        stage = candidate.get_stage_display().lower()
        raise ValidationError({"__all__": NOT_HIRED.format(stage=stage)})
    errors: dict[str, str] = {}
    when = now_or(at)
    opens = checkin_opens(loop, kind)
    if opens is None:
        errors["kind"] = KIND_UNKNOWN
    else:
        label = CHECKIN_NAMES[CheckInKind(kind)]
        previous = loop.checkins.filter(kind=kind).first()
        if previous is not None:
            errors["kind"] = ALREADY.format(kind=label, date=previous.recorded_at)
        elif when < opens:
            days = CHECKIN_DAYS[CheckInKind(kind)]
            errors["kind"] = TOO_EARLY.format(kind=label, date=opens, days=days)
    if right_hire is None:
        errors["right_hire"] = RIGHT_MISSING
    note_error = substance_error(note, what="note", missing=NOTE_MISSING)
    if note_error:
        errors["note"] = note_error
    if errors:
        raise ValidationError(errors)
    checkin = CheckIn(
        loop=loop,
        kind=kind,
        right_hire=bool(right_hire),
        note=note.strip(),
        recorded_by=actor,
        recorded_at=when,
    )
    checkin.full_clean()
    checkin.save()
    audit_record(
        actor=actor,
        action="loop.checkin",
        target=loop,
        after=model_snapshot(checkin, ("kind", "right_hire")),
    )
    verdict = "the right hire" if checkin.right_hire else "not the right hire"
    record_event(
        candidate=candidate,
        actor=actor,
        kind=EventKind.CHECKIN,
        summary=f"{checkin.get_kind_display()}, the hiring manager says: {verdict}.",
        at=when,
    )
    return checkin
