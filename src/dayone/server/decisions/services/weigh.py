"""Weighing in on an open decision: stances, escalations and their resolution."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from dayone.server.core.access import ensure_can_write
from dayone.server.core.models import User
from dayone.server.core.services import audit_record, audited_save, model_snapshot
from dayone.server.core.validators import substance_error
from dayone.server.decisions import rules
from dayone.server.decisions.enums import (
    EventKind,
    StanceKind,
    Status,
)
from dayone.server.decisions.models import (
    Decision,
    Escalation,
    Option,
    Stance,
)
from dayone.server.decisions.services._common import (
    company_settings,
    notify,
    now_or,
    record_event,
    voice_ids,
)

NOT_STAKEHOLDER = "Only the stakeholders and reviewers of this decision record a stance."
OBJECTION_REQUIRED = "Write down what you disagree with."
COMMITMENT_REQUIRED = "Say explicitly that you commit, for example 'I disagree and commit.'"
ESCALATE_TO_REQUIRED = "Name the leader this escalation goes to."
ESCALATE_TO_SELF = "Escalate to someone else: a leader above the disagreement."
ESCALATION_STILL_OPEN = "Your escalation to {leader} is still open."
RESOLUTION_REQUIRED = "Write the resolution: what the leader decided and why."
ONLY_LEADER = "Only {leader}, to whom this was escalated, or an admin can resolve it."
ALREADY_RESOLVED = "This escalation was already resolved."


def _validate_stance(
    *,
    actor: User,
    decision: Decision,
    kind: str,
    objection: str,
    commitment: str,
    escalate_to: User | None,
) -> None:
    closed = rules.stance_closed(decision.status)
    if closed:
        raise ValidationError(closed)
    errors: dict[str, str] = {}
    if kind not in StanceKind.values:
        errors["kind"] = "Choose agree, disagree and commit, or escalate."
    if kind in {StanceKind.DISAGREE_COMMIT, StanceKind.ESCALATE}:
        objection_error = substance_error(objection, what="objection", missing=OBJECTION_REQUIRED)
        if objection_error:
            errors["objection"] = objection_error
    if kind == StanceKind.DISAGREE_COMMIT and not commitment:
        errors["commitment"] = COMMITMENT_REQUIRED
    if kind == StanceKind.ESCALATE:
        if escalate_to is None or not escalate_to.is_active:
            errors["escalate_to"] = ESCALATE_TO_REQUIRED
        elif escalate_to.pk == actor.pk:
            errors["escalate_to"] = ESCALATE_TO_SELF
        elif not escalate_to.can_write:
            errors["escalate_to"] = rules.ESCALATE_TO_READER.format(leader=escalate_to)
    if errors:
        raise ValidationError(errors)
    if kind == StanceKind.ESCALATE:
        pending = (
            decision.escalations.filter(raised_by=actor, resolved_at__isnull=True)
            .select_related("leader")
            .first()
        )
        if pending is not None:
            raise ValidationError({"kind": ESCALATION_STILL_OPEN.format(leader=pending.leader)})


@transaction.atomic
def stance_record(
    *,
    actor: User,
    decision: Decision,
    kind: str,
    objection: str = "",
    commitment: str = "",
    escalate_to: User | None = None,
    at: datetime | None = None,
) -> Stance:
    """Record the actor's own stance. A new stance replaces the old one in the ledger; both stay.

    Disagree and commit needs the objection and an explicit commitment. Escalating needs the
    objection and a leader, and starts the escalation clock.
    """
    ensure_can_write(actor)
    if actor.pk not in voice_ids(decision):
        raise PermissionDenied(NOT_STAKEHOLDER)
    objection, commitment = objection.strip(), commitment.strip()
    _validate_stance(
        actor=actor,
        decision=decision,
        kind=kind,
        objection=objection,
        commitment=commitment,
        escalate_to=escalate_to,
    )
    previous = decision.stances.filter(person=actor).order_by("-created_at", "-id").first()
    stance = Stance(
        decision=decision,
        person=actor,
        kind=kind,
        objection=objection if kind != StanceKind.AGREE else "",
        commitment=commitment if kind == StanceKind.DISAGREE_COMMIT else "",
        escalate_to=escalate_to if kind == StanceKind.ESCALATE else None,
        created_at=now_or(at),
    )
    stance.full_clean()
    stance.save()
    if decision.status == Status.OPEN and previous is not None and previous.kind != kind:
        Decision.objects.filter(pk=decision.pk).update(rounds=F("rounds") + 1)
        decision.refresh_from_db(fields=["rounds"])
    audit_record(
        actor=actor,
        action="decision.stance",
        target=decision,
        before=model_snapshot(previous, ("kind", "objection", "commitment")) if previous else None,
        after=model_snapshot(stance, ("kind", "objection", "commitment", "escalate_to")),
    )
    label = stance.get_kind_display().lower()
    summary = f"{actor}: {label}."
    if objection:
        summary = f"{actor}: {label}. Objection: {objection}"
    record_event(decision=decision, actor=actor, kind=EventKind.STANCE, summary=summary, at=at)
    if kind == StanceKind.ESCALATE and escalate_to is not None:
        _escalate(decision=decision, stance=stance, leader=escalate_to, actor=actor, at=at)
    else:
        notify(
            decision=decision,
            recipient_ids=[decision.decider_id],
            message=f"{actor} says {label} on: {decision.question}",
            actor=actor,
            at=at,
        )
    return stance


@transaction.atomic
def escalation_raise(
    *,
    actor: User,
    decision: Decision,
    reason: str,
    leader: User | None,
    at: datetime | None = None,
) -> Escalation:
    """Escalate a guard's refusal for the part that keeps it (a Bar Raiser's veto of a hire).

    The part has already checked who may (the hiring manager, say, who is the decider and has
    no stance of their own); the escalation is then recorded like a stakeholder's: a stance with
    the written reason, a leader, and the clock."""
    ensure_can_write(actor)
    reason = reason.strip()
    _validate_stance(
        actor=actor,
        decision=decision,
        kind=StanceKind.ESCALATE,
        objection=reason,
        commitment="",
        escalate_to=leader,
    )
    stance = Stance(
        decision=decision,
        person=actor,
        kind=StanceKind.ESCALATE,
        objection=reason,
        escalate_to=leader,
        created_at=now_or(at),
    )
    stance.full_clean()
    stance.save()
    audit_record(
        actor=actor,
        action="decision.stance",
        target=decision,
        after=model_snapshot(stance, ("kind", "objection", "escalate_to")),
    )
    record_event(
        decision=decision,
        actor=actor,
        kind=EventKind.STANCE,
        summary=f"{actor}: escalate. Objection: {reason}",
        at=at,
    )
    return _escalate(decision=decision, stance=stance, leader=leader, actor=actor, at=at)  # type: ignore[arg-type]


def _escalate(
    *, decision: Decision, stance: Stance, leader: User, actor: User, at: datetime | None
) -> Escalation:
    hours = company_settings().escalation_hours
    raised = now_or(at)
    escalation = Escalation(
        decision=decision,
        stance=stance,
        raised_by=actor,
        leader=leader,
        reason=stance.objection,
        raised_at=raised,
        due_at=raised + timedelta(hours=hours),
    )
    escalation.full_clean()
    escalation.save()
    audit_record(
        actor=actor,
        action="decision.escalate",
        target=decision,
        after=model_snapshot(escalation, ("leader", "reason", "due_at")),
    )
    record_event(
        decision=decision,
        actor=actor,
        kind=EventKind.ESCALATED,
        summary=f"{actor} escalated to {leader}; due within {hours} hours.",
        at=at,
    )
    notify(
        decision=decision,
        recipient_ids=[leader.pk],
        message=f"{actor} escalated to you (due in {hours} h): {decision.question}",
        actor=actor,
        at=at,
    )
    notify(
        decision=decision,
        recipient_ids=[decision.decider_id, decision.proposed_by_id],
        message=f"{actor} escalated to {leader}: {decision.question}",
        actor=actor,
        at=at,
    )
    return escalation


@transaction.atomic
def escalation_resolve(
    *,
    actor: User,
    escalation: Escalation,
    resolution: str,
    option: Option | None,
    at: datetime | None = None,
) -> Escalation:
    """The leader rules on an escalation, in writing, for one of the decision's options. The
    clock stops, and the ruling binds: the decider can then decide only that option."""
    ensure_can_write(actor)
    if actor.pk != escalation.leader_id and not actor.is_admin:
        raise PermissionDenied(ONLY_LEADER.format(leader=escalation.leader))
    if escalation.resolved_at is not None:
        raise ValidationError(ALREADY_RESOLVED)
    errors: dict[str, str] = {}
    resolution_error = substance_error(resolution, what="resolution", missing=RESOLUTION_REQUIRED)
    if resolution_error:
        errors["resolution"] = resolution_error
    if option is None or option.decision_id != escalation.decision_id:
        errors["option"] = rules.RESOLUTION_OPTION
    if errors:
        raise ValidationError(errors)
    decision = escalation.decision
    audited_save(
        actor=actor,
        instance=escalation,
        action="decision.escalation_resolve",
        changes={
            "resolved_at": now_or(at),
            "resolved_by": actor,
            "resolution": resolution.strip(),
            "option": option,
        },
        before={"resolved_at": None},
        target=decision,
    )
    record_event(
        decision=decision,
        actor=actor,
        kind=EventKind.ESCALATION_RESOLVED,
        summary=f"{actor} resolved the escalation for '{option}': {escalation.resolution}",
        at=at,
    )
    notify(
        decision=decision,
        recipient_ids=[escalation.raised_by_id, decision.decider_id],
        message=f"{actor} resolved the escalation on: {decision.question}",
        actor=actor,
        at=at,
    )
    return escalation
