"""Writes of the Bar Raiser programme: a leader nominates; the trainee shadows loops, then
leads loops, each signed off by a certified Bar Raiser named in the loop; certification."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from dayone.server.core.access import ensure_can_write
from dayone.server.core.models import User
from dayone.server.core.services import audit_record, audited_save, model_snapshot
from dayone.server.core.validators import require_substance
from dayone.server.hiring.enums import BarRaiserStatus, LoopStatus
from dayone.server.hiring.models import BarRaiser, Interview, Loop
from dayone.server.hiring.selectors import interview_happened
from dayone.server.hiring.services._common import hiring_settings, now_or
from dayone.server.teams import selectors as teams_selectors

ONLY_LEADERS = "Only a team leader or an admin nominates a Bar Raiser."
ALREADY = "{name} is already in the Bar Raiser programme ({status})."
NOT_YET = (
    "{name} has shadowed {shadowed} of the {shadow_needed} loops and led {led} of the "
    "{led_needed} loops, each signed off by a certified Bar Raiser, that certification needs."
)
NO_SIGN_OFF_HERE = (
    "This loop was led by a certified Bar Raiser: it has no sign-off. Only a trainee's loop is "
    "signed off."
)
ONLY_SIGN_OFF = "Only {name}, named to sign off this loop, signs it off."
STILL_OPEN = (
    "The debrief is still open: {trainee} leads and closes it first, then it is signed off."
)
SIGNED_ALREADY = "{name} signed this loop off on {date}: a loop is signed off once."
NOTE_MISSING = (
    "Write the sign-off note: how {trainee} led the debrief, with an example of what went well "
    "or what to change."
)
NO_LONGER_CERTIFIED = (
    "{name} is {standing}: only a certified Bar Raiser signs off a trainee's loop. The loop "
    "stays unsigned until {name} is certified again."
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


def shadowed_loops(raiser: BarRaiser, *, at: datetime | None = None) -> int:
    """Loops the person sat in as an interviewer since their nomination, counted once their
    interview has happened (or the debrief was held): a booked loop is not yet shadowed."""
    return (
        Interview.objects.filter(
            interview_happened(at),
            interviewer_id=raiser.person_id,
            is_bar_raiser=False,
            starts_at__gte=raiser.nominated_at,
        )
        .values("loop_id")
        .distinct()
        .count()
    )


def led_loops(raiser: BarRaiser) -> int:
    """Loops the person led as the Bar Raiser in training, closed and signed off."""
    return (
        Loop.objects.filter(
            interviews__interviewer_id=raiser.person_id,
            interviews__is_bar_raiser=True,
            status=LoopStatus.CLOSED,
            sign_off__isnull=False,
            signed_off_at__isnull=False,
        )
        .distinct()
        .count()
    )


def _standing(person: User) -> str | None:
    """What stops ``person`` signing off now (``None`` when they are a certified Bar Raiser)."""
    raiser = BarRaiser.objects.filter(person=person).first()
    if raiser is None:
        return "no longer in the Bar Raiser pool"
    if raiser.status != BarRaiserStatus.CERTIFIED:
        return f"no longer a certified Bar Raiser (now {raiser.get_status_display().lower()})"
    return None


@transaction.atomic
def loop_sign_off(*, actor: User, loop: Loop, note: str, at: datetime | None = None) -> Loop:
    """The certified Bar Raiser named in a trainee's loop signs it off, once, after the trainee
    closed the debrief, with a note on how the trainee led it; they must still be certified
    when they sign."""
    ensure_can_write(actor)
    loop = Loop.objects.select_for_update(of=("self",)).select_related("sign_off").get(pk=loop.pk)
    if loop.sign_off is None:
        raise ValidationError({"__all__": NO_SIGN_OFF_HERE})
    if actor.pk != loop.sign_off_id:
        raise PermissionDenied(ONLY_SIGN_OFF.format(name=loop.sign_off))
    trainee = (
        Interview.objects.filter(loop=loop, is_bar_raiser=True)
        .select_related("interviewer")
        .first()
    )
    trainee_name = str(trainee.interviewer) if trainee is not None else "the trainee"
    if loop.signed_off_at is not None:
        date = f"{loop.signed_off_at:%d %b %Y}"
        raise ValidationError({"__all__": SIGNED_ALREADY.format(name=loop.sign_off, date=date)})
    if not loop.is_closed:
        raise ValidationError({"__all__": STILL_OPEN.format(trainee=trainee_name)})
    standing = _standing(actor)
    if standing is not None:
        message = NO_LONGER_CERTIFIED.format(name=actor, standing=standing)
        raise ValidationError({"__all__": message})
    words = require_substance(
        note,
        field="note",
        what="sign-off note",
        missing=NOTE_MISSING.format(trainee=trainee_name),
    )
    return audited_save(
        actor=actor,
        instance=loop,
        action="loop.sign_off",
        changes={"signed_off_at": now_or(at), "sign_off_note": words},
    )


@transaction.atomic
def bar_raiser_advance(
    *, actor: User | None, raiser: BarRaiser, at: datetime | None = None
) -> BarRaiser:
    """Move a nominee into training, or certify a trainee who has shadowed enough loops and led
    enough loops signed off by a certified Bar Raiser."""
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
    settings = hiring_settings()
    shadowed, led = shadowed_loops(raiser), led_loops(raiser)
    if shadowed < settings.shadow_loops or led < settings.led_loops:
        message = NOT_YET.format(
            name=raiser.person,
            shadowed=shadowed,
            shadow_needed=settings.shadow_loops,
            led=led,
            led_needed=settings.led_loops,
        )
        raise ValidationError({"status": message})
    return audited_save(
        actor=actor,
        instance=raiser,
        action="bar_raiser.certify",
        changes={"status": BarRaiserStatus.CERTIFIED, "certified_at": now_or(at)},
    )
