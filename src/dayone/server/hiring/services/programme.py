"""Writes of the Bar Raiser programme: a leader nominates, the trainee trains, is certified."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from dayone.server.core.access import ensure_can_write
from dayone.server.core.models import User
from dayone.server.core.services import audit_record, audited_save, model_snapshot
from dayone.server.hiring.enums import BarRaiserStatus
from dayone.server.hiring.models import BarRaiser, Interview
from dayone.server.hiring.services._common import hiring_settings, now_or
from dayone.server.teams import selectors as teams_selectors

ONLY_LEADERS = "Only a team leader or an admin nominates a Bar Raiser."
ALREADY = "{name} is already in the Bar Raiser programme ({status})."
NOT_YET = (
    "{name} has shadowed {done} of the {needed} loops a Bar Raiser in training shadows "
    "before certification."
)
ORDER = "{name} is {status}: a nominee starts training, a trainee is certified."
CAP_RANGE = "Set a weekly cap between 1 and 10 loops."


def _is_leader(actor: User) -> bool:
    return actor.is_admin or teams_selectors.team_list(viewer=actor).filter(leader=actor).exists()


@transaction.atomic
def bar_raiser_nominate(
    *, actor: User | None, person: User, weekly_cap: int = 2, at: datetime | None = None
) -> BarRaiser:
    """A leader nominates a person for the Bar Raiser programme."""
    if actor is not None:
        ensure_can_write(actor)
        if not _is_leader(actor):
            raise PermissionDenied(ONLY_LEADERS)
    existing = BarRaiser.objects.filter(person=person).first()
    if existing is not None:
        message = ALREADY.format(name=person, status=existing.get_status_display().lower())
        raise ValidationError({"person": message})
    if not 1 <= weekly_cap <= 10:
        raise ValidationError({"weekly_cap": CAP_RANGE})
    raiser = BarRaiser(
        person=person, weekly_cap=weekly_cap, nominated_by=actor, nominated_at=now_or(at)
    )
    raiser.full_clean()
    raiser.save()
    audit_record(
        actor=actor,
        action="bar_raiser.nominate",
        target=raiser,
        after=model_snapshot(raiser, ("person", "status", "weekly_cap")),
    )
    return raiser


def shadowed_loops(raiser: BarRaiser) -> int:
    """Loops the person sat in as an interviewer since their nomination."""
    return (
        Interview.objects.filter(
            interviewer_id=raiser.person_id,
            is_bar_raiser=False,
            starts_at__gte=raiser.nominated_at,
        )
        .values("loop_id")
        .distinct()
        .count()
    )


@transaction.atomic
def bar_raiser_advance(
    *, actor: User | None, raiser: BarRaiser, at: datetime | None = None
) -> BarRaiser:
    """Move a nominee into training, or certify a trainee who has shadowed enough loops."""
    if actor is not None:
        ensure_can_write(actor)
        if not _is_leader(actor):
            raise PermissionDenied(ONLY_LEADERS)
    if raiser.status == BarRaiserStatus.NOMINATED:
        return audited_save(
            actor=actor,
            instance=raiser,
            action="bar_raiser.train",
            changes={"status": BarRaiserStatus.TRAINEE},
        )
    if raiser.status != BarRaiserStatus.TRAINEE:
        message = ORDER.format(name=raiser.person, status=raiser.get_status_display().lower())
        raise ValidationError({"status": message})
    needed = hiring_settings().shadow_loops
    done = shadowed_loops(raiser)
    if done < needed:
        raise ValidationError(
            {"status": NOT_YET.format(name=raiser.person, done=done, needed=needed)}
        )
    return audited_save(
        actor=actor,
        instance=raiser,
        action="bar_raiser.certify",
        changes={"status": BarRaiserStatus.CERTIFIED, "certified_at": now_or(at)},
    )
