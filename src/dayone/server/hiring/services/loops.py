"""Writes of loops: plan a loop under the engine's rules, and save an interviewer's notes.

The facts the rules need come from the org (the hiring team, the hiring manager's reporting
line), the Bar Raiser pool (who is certified, their weekly cap, their loops that week) and
everyone's other interviews. Every refusal names its field and says what to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dayone import hiring
from dayone.server.core.models import User
from dayone.server.core.services import audit_record, audited_save
from dayone.server.hiring import rules
from dayone.server.hiring.enums import BarRaiserStatus, EventKind, Stage
from dayone.server.hiring.models import (
    DEFAULT_WEEKLY_CAP,
    BarRaiser,
    Candidate,
    Interview,
    Loop,
    Role,
)
from dayone.server.hiring.services._common import (
    ensure_manages,
    hiring_settings,
    now_or,
    record_event,
)
from dayone.server.hiring.services.programme import shadowed_loops
from dayone.server.hiring.services.roles import candidate_set_stage
from dayone.server.teams import selectors as teams_selectors
from dayone.server.teams.models import Principle

NOTES_ONLY_YOURS = "These are another interviewer's private notes: only they can change them."
LOOP_OPEN = (
    "{name} already has a loop collecting feedback; close its debrief before planning another."
)


@dataclass(frozen=True)
class SeatInput:
    """One interviewer's seat as the planner chooses it."""

    interviewer: User
    principles: Sequence[Principle]
    starts_at: datetime
    ends_at: datetime
    is_bar_raiser: bool = False


def _week_of(moment: datetime) -> tuple[datetime, datetime]:
    local = timezone.localtime(moment)
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return monday, monday + timedelta(days=7)


def _cap(raiser: BarRaiser | None) -> int:
    return raiser.weekly_cap if raiser is not None else DEFAULT_WEEKLY_CAP


def _loops_in_week(
    *, person_ids: Sequence[int], moment: datetime, exclude_loop: Loop | None
) -> dict[int, int]:
    """Loops each person leads as the Bar Raiser or signs off in the week of ``moment`` (a loop
    is in the week its Bar Raiser interviews)."""
    start, end = _week_of(moment)
    week = Loop.objects.all()
    if exclude_loop is not None:
        week = week.exclude(pk=exclude_loop.pk)
    return {
        pk: week.filter(
            Q(interviews__interviewer_id=pk) | Q(sign_off_id=pk),
            interviews__is_bar_raiser=True,
            interviews__starts_at__gte=start,
            interviews__starts_at__lt=end,
        )
        .distinct()
        .count()
        for pk in dict.fromkeys(person_ids)
    }


def loop_facts(
    *,
    role: Role,
    seats: Sequence[SeatInput],
    exclude_loop: Loop | None = None,
    sign_off: User | None = None,
) -> hiring.LoopFacts:
    """Everything the loop rules need to judge ``seats`` for a candidate of ``role``, with
    ``sign_off`` the certified Bar Raiser named to sign off a trainee's loop."""
    manager = role.hiring_manager
    team_ids = set(teams_selectors.team_member_ids(viewer=manager, team_id=role.team_id))
    if role.team.leader_id is not None:
        team_ids.add(role.team.leader_id)
    line = teams_selectors.reporting_line_ids(viewer=manager, person_id=manager.pk)
    people = [seat.interviewer.pk for seat in seats]
    asked = [*people, sign_off.pk] if sign_off is not None else people
    pool = {raiser.person_id: raiser for raiser in BarRaiser.objects.filter(person_id__in=asked)}
    certified = frozenset(
        pk for pk, raiser in pool.items() if raiser.status == BarRaiserStatus.CERTIFIED
    )
    trainees = {
        seat.interviewer.pk: shadowed_loops(pool[seat.interviewer.pk])
        for seat in seats
        if seat.is_bar_raiser
        and seat.interviewer.pk in pool
        and pool[seat.interviewer.pk].status == BarRaiserStatus.TRAINEE
    }
    others = Interview.objects.filter(interviewer_id__in=people).select_related("loop")
    if exclude_loop is not None:
        others = others.exclude(loop=exclude_loop)
    bookings = [
        hiring.Booking(
            person_id=other.interviewer_id,
            starts_at=other.starts_at,
            ends_at=other.ends_at,
            what=f"another interview at {timezone.localtime(other.starts_at):%a %d %b %H:%M}",
        )
        for other in others
        if any(
            seat.interviewer.pk == other.interviewer_id
            and other.starts_at < seat.ends_at + timedelta(days=1)
            and seat.starts_at - timedelta(days=1) < other.ends_at
            for seat in seats
        )
    ]
    raiser_seat = next((seat for seat in seats if seat.is_bar_raiser), None)
    loops_this_week: dict[int, int] = {}
    cap = sign_off_cap = DEFAULT_WEEKLY_CAP
    if raiser_seat is not None:
        leads = [raiser_seat.interviewer.pk, *([sign_off.pk] if sign_off is not None else [])]
        loops_this_week = _loops_in_week(
            person_ids=leads, moment=raiser_seat.starts_at, exclude_loop=exclude_loop
        )
        cap = _cap(pool.get(raiser_seat.interviewer.pk))
        sign_off_cap = _cap(pool.get(sign_off.pk) if sign_off is not None else None)
    principles = {p.slug: p.name for seat in seats for p in seat.principles}
    principles.update(role.principles.values_list("slug", "name"))
    return hiring.LoopFacts(
        seats=[
            hiring.Seat(
                person_id=seat.interviewer.pk,
                name=str(seat.interviewer),
                principles=tuple(p.slug for p in seat.principles),
                starts_at=seat.starts_at,
                ends_at=seat.ends_at,
                is_bar_raiser=seat.is_bar_raiser,
            )
            for seat in seats
        ],
        role_principles=list(
            role.principles.order_by("position", "name").values_list("slug", flat=True)
        ),
        hiring_manager_id=manager.pk,
        hiring_team_ids=frozenset(team_ids),
        reporting_line_ids=line,
        certified_ids=certified,
        bar_raiser_loops_this_week=dict(loops_this_week),
        bar_raiser_cap=cap,
        sign_off_cap=sign_off_cap,
        trainee_shadowed=trainees,
        shadow_loops=hiring_settings().shadow_loops,
        sign_off_id=sign_off.pk if sign_off is not None else None,
        sign_off_name=str(sign_off) if sign_off is not None else "",
        bookings=bookings,
        principle_names=principles,
    )


def loop_problems(
    *, role: Role, seats: Sequence[SeatInput], sign_off: User | None = None
) -> dict[str, list[str]]:
    """Every refusal of the plan, by field; empty when the loop can stand."""
    errors: dict[str, list[str]] = {}
    facts = loop_facts(role=role, seats=seats, sign_off=sign_off)
    for problem in hiring.loop_problems(facts):
        errors.setdefault(problem.field, []).append(problem.message)
    return errors


@transaction.atomic
def loop_plan(
    *,
    actor: User,
    candidate: Candidate,
    seats: Sequence[SeatInput],
    sign_off: User | None = None,
    at: datetime | None = None,
) -> Loop:
    """Plan a candidate's loop: 4 to 7 interviewers, one Bar Raiser from outside the hiring
    team and the hiring manager's line, each assessing one to three principles. The Bar Raiser
    is certified, or a trainee done shadowing with ``sign_off``, a certified Bar Raiser as
    independent as one, named to sign the loop off."""
    role = candidate.role
    ensure_manages(actor, role, rules.MAY_PLAN)
    if candidate.loops.filter(status="open").exists():
        raise ValidationError({"interviewers": LOOP_OPEN.format(name=candidate.name)})
    errors = loop_problems(role=role, seats=seats, sign_off=sign_off)
    if errors:
        raise ValidationError(errors)
    loop = Loop(candidate=candidate, planned_by=actor, created_at=now_or(at), sign_off=sign_off)
    loop.full_clean()
    loop.save()
    for seat in seats:
        interview = Interview(
            loop=loop,
            interviewer=seat.interviewer,
            is_bar_raiser=seat.is_bar_raiser,
            starts_at=seat.starts_at,
            ends_at=seat.ends_at,
        )
        interview.full_clean()
        interview.save()
        interview.principles.set(seat.principles)
    audit_record(
        actor=actor,
        action="loop.plan",
        target=loop,
        after={
            "interviewers": [seat.interviewer.pk for seat in seats],
            "bar_raiser": next(s.interviewer.pk for s in seats if s.is_bar_raiser),
            "sign_off": sign_off.pk if sign_off is not None else None,
        },
    )
    raiser = next(seat.interviewer for seat in seats if seat.is_bar_raiser)
    first = min(seat.starts_at for seat in seats)
    record_event(
        candidate=candidate,
        actor=actor,
        kind=EventKind.LOOP,
        summary=f"Loop planned: {len(seats)} interviewers from "
        f"{timezone.localtime(first):%d %b %H:%M}, Bar Raiser {raiser}"
        + (f" in training, signed off by {sign_off}." if sign_off is not None else "."),
        at=at,
    )
    if candidate.stage in {Stage.APPLIED, Stage.SCREEN}:
        candidate_set_stage(actor=None, candidate=candidate, stage=Stage.LOOP, at=at)
    return loop


@transaction.atomic
def interview_notes_save(*, actor: User, interview: Interview, notes: str) -> Interview:
    """Save an interviewer's private notes (only theirs; the audit keeps no words)."""
    if actor.pk != interview.interviewer_id:
        raise PermissionDenied(NOTES_ONLY_YOURS)
    if interview.notes == notes:
        return interview
    return audited_save(
        actor=actor,
        instance=interview,
        action="interview.notes",
        changes={"notes": notes},
        before={"notes_chars": len(interview.notes)},
        note={"notes": None, "notes_chars": len(notes)},
    )
