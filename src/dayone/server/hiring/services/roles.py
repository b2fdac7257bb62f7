"""Writes of roles and candidates: open a role, change its status, add a candidate, move it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from dayone.server.core.access import ensure_can_write
from dayone.server.core.models import User
from dayone.server.core.services import audit_record, audited_save, model_snapshot
from dayone.server.core.validators import substance_error
from dayone.server.hiring.enums import FINAL_STAGES, EventKind, LoopStatus, RoleStatus, Stage
from dayone.server.hiring.models import Candidate, Loop, Role
from dayone.server.hiring.services._common import ensure_manages, now_or, record_event
from dayone.server.hiring.veto import veto_override
from dayone.server.teams.models import Principle, Team

ROLE_FIELDS = (
    "title",
    "team",
    "hiring_manager",
    "recruiter",
    "level",
    "headcount",
    "bar",
    "status",
)
TITLE_NEEDED = "Give the role a title, such as 'Senior software engineer, Storefront'."
LEVEL_NEEDED = "Give the role a level, such as 'L6' or 'Senior'."
PRINCIPLES_NEEDED = (
    "Choose the leadership principles that matter for this role: at least two, so a loop can "
    "split them between interviewers."
)
BAR_HELP = "written bar"
BAR_MISSING = (
    "Write the bar: what a hire must show, for example 'better than half of the people in "
    "this role today'."
)
NAME_NEEDED = "Give the candidate's name."
STATUS_UNKNOWN = "Choose a status: {choices}."
STAGE_UNKNOWN = "Choose a stage: {choices}."
STAGE_FINAL = "{name} is {stage}: the process is over. Add them again for a new process."
ROLE_NOT_OPEN = "{role} is {status}: open it again before adding candidates."
VETO_STANDS = (
    "The Bar Raiser vetoed {name} and the veto stands, so {name} cannot move to offer. "
    "Escalate the veto to a leader ('Escalate the veto' on {name}'s page); once the leader "
    "rules for 'Hire' in its decision ('{question}'), move {name} to offer."
)


def _vetoed_loop(candidate: Candidate) -> Loop | None:
    """The candidate's latest closed loop, when its Bar Raiser vetoed the hire."""
    loop = (
        candidate.loops.filter(status=LoopStatus.CLOSED)
        .select_related("decision")
        .order_by("-closed_at", "-pk")
        .first()
    )
    return loop if loop is not None and loop.vetoed else None


def _validate_role(
    *, title: str, level: str, bar: str, principles: Sequence[Principle]
) -> dict[str, str]:
    errors = {}
    if not title.strip():
        errors["title"] = TITLE_NEEDED
    if not level.strip():
        errors["level"] = LEVEL_NEEDED
    if len(set(principles)) < 2:
        errors["principles"] = PRINCIPLES_NEEDED
    bar_error = substance_error(bar, what=BAR_HELP, missing=BAR_MISSING)
    if bar_error:
        errors["bar"] = bar_error
    return errors


@transaction.atomic
def role_create(
    *,
    actor: User | None,
    title: str,
    team: Team,
    hiring_manager: User,
    level: str,
    bar: str,
    principles: Sequence[Principle],
    headcount: int = 1,
    recruiter: User | None = None,
    status: str = RoleStatus.OPEN,
    at: datetime | None = None,
) -> Role:
    """Open a role with its team, hiring manager, level, headcount, principles and bar."""
    if actor is not None:
        ensure_can_write(actor)
    errors = _validate_role(title=title, level=level, bar=bar, principles=principles)
    if errors:
        raise ValidationError(errors)
    role = Role(
        title=title.strip(),
        team=team,
        hiring_manager=hiring_manager,
        recruiter=recruiter,
        level=level.strip(),
        headcount=headcount,
        bar=bar.strip(),
        status=status,
        created_at=now_or(at),
    )
    role.full_clean()
    role.save()
    role.principles.set(principles)
    audit_record(
        actor=actor,
        action="hiring_role.create",
        target=role,
        after={**model_snapshot(role, ROLE_FIELDS), "principles": sorted(p.pk for p in principles)},
    )
    return role


@transaction.atomic
def role_set_status(*, actor: User, role: Role, status: str) -> Role:
    """Open, hold, fill or close a role."""
    ensure_manages(actor, role)
    if status not in RoleStatus.values:
        choices = ", ".join(str(label).lower() for label in RoleStatus.labels)
        raise ValidationError({"status": STATUS_UNKNOWN.format(choices=choices)})
    if status == role.status:
        return role
    return audited_save(
        actor=actor, instance=role, action="hiring_role.status", changes={"status": status}
    )


@transaction.atomic
def candidate_create(
    *,
    actor: User | None,
    role: Role,
    name: str,
    email: str = "",
    phone: str = "",
    source: str = "",
    recruiter_note: str = "",
    at: datetime | None = None,
) -> Candidate:
    """Add a candidate to an open role; their timeline starts here."""
    if actor is not None:
        ensure_manages(actor, role)
    if not name.strip():
        raise ValidationError({"name": NAME_NEEDED})
    if role.status != RoleStatus.OPEN:
        message = ROLE_NOT_OPEN.format(role=role, status=role.get_status_display().lower())
        raise ValidationError({"role": message})
    when = now_or(at)
    candidate = Candidate(
        role=role,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        source=source.strip(),
        recruiter_note=recruiter_note.strip(),
        created_at=when,
        last_activity_at=when,
    )
    candidate.full_clean()
    candidate.save()
    audit_record(
        actor=actor,
        action="candidate.create",
        target=candidate,
        after={"role": role.pk, "stage": candidate.stage},
    )
    via = f" via {candidate.source}" if candidate.source else ""
    record_event(
        candidate=candidate,
        actor=actor,
        kind=EventKind.ADDED,
        summary=f"Applied for {role.title}{via}.",
        at=when,
    )
    return candidate


@transaction.atomic
def candidate_set_stage(
    *, actor: User | None, candidate: Candidate, stage: str, at: datetime | None = None
) -> Candidate:
    """Move a candidate to another stage; the timeline records it."""
    if actor is not None:
        ensure_manages(actor, candidate.role)
    if stage not in Stage.values:
        choices = ", ".join(str(label).lower() for label in Stage.labels)
        raise ValidationError({"stage": STAGE_UNKNOWN.format(choices=choices)})
    if stage == candidate.stage:
        return candidate
    vetoed = _vetoed_loop(candidate) if stage == Stage.OFFER else None
    override = veto_override(vetoed) if vetoed is not None else None
    if vetoed is not None and override is None:
        question = vetoed.decision.question if vetoed.decision is not None else ""
        message = VETO_STANDS.format(name=candidate.name, question=question)
        raise ValidationError({"stage": message})
    # A veto overridden by an escalation ruled for a hire reopens the declined candidate.
    reopened = override is not None and candidate.stage == Stage.DECLINED
    if candidate.stage in FINAL_STAGES and not reopened:
        message = STAGE_FINAL.format(
            name=candidate.name, stage=candidate.get_stage_display().lower()
        )
        raise ValidationError({"stage": message})
    before = candidate.get_stage_display()
    # The stage is not personal data: the audit entry names only the stages.
    audited_save(
        actor=actor, instance=candidate, action="candidate.stage", changes={"stage": stage}
    )
    record_event(
        candidate=candidate,
        actor=actor,
        kind=EventKind.STAGE,
        summary=f"{before} -> {candidate.get_stage_display()}."
        + (f" {override.leader} overrode the Bar Raiser's veto." if override else ""),
        at=at,
    )
    return candidate
