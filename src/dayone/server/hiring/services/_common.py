"""What the hiring services share: the settings row, the timeline, and who manages a role."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dayone.server.core.models import User
from dayone.server.hiring import rules
from dayone.server.hiring.models import Candidate, CandidateEvent, HiringSettings, Role


def now_or(at: datetime | None) -> datetime:
    """``at``, or now."""
    return at if at is not None else timezone.now()


def hiring_settings() -> HiringSettings:
    """The company's hiring settings (created with their defaults on first use)."""
    row, _ = HiringSettings.objects.get_or_create(pk=1)
    return row


def manages(actor: User, role: Role) -> bool:
    """The hiring manager, the recruiter and admins manage a role and its candidates."""
    return actor.is_admin or actor.pk in {role.hiring_manager_id, role.recruiter_id}


def ensure_manages(actor: User, role: Role, message: str = rules.MAY_MANAGE_ROLE) -> None:
    """Refuse anyone but the role's hiring manager, recruiter or an admin."""
    if not actor.can_write or not manages(actor, role):
        raise PermissionDenied(message.format(role=role))


def record_event(
    *, candidate: Candidate, actor: User | None, kind: str, summary: str, at: datetime | None
) -> CandidateEvent:
    """Append a line to the candidate's timeline and note the activity (for retention)."""
    when = now_or(at)
    event = CandidateEvent(
        candidate=candidate, actor=actor, kind=kind, summary=summary[:300], at=when
    )
    event.full_clean()
    event.save()
    if candidate.last_activity_at < when:
        candidate.last_activity_at = when
        candidate.save(update_fields=["last_activity_at"])
    return event
