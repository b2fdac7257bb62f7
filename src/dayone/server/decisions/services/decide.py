"""Closing a decision and looking back: decide, withdraw, review the outcome."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dayone.server.core.access import ensure_can_write
from dayone.server.core.models import User
from dayone.server.core.services import audit_record, audited_save, model_snapshot
from dayone.server.core.validators import require_substance, substance_error
from dayone.server.decisions import rules
from dayone.server.decisions.enums import (
    EventKind,
    Outcome,
    Status,
)
from dayone.server.decisions.guards import choice_refusals
from dayone.server.decisions.models import (
    Decision,
    Option,
    Review,
)
from dayone.server.decisions.services._common import (
    INFORMATION_RANGE,
    door_facts,
    ensure_open,
    ensure_owner,
    notify,
    now_or,
    participant_ids,
    record_event,
)

OPTION_FOREIGN = "Choose one of this decision's options."
REVIEW_ON_BEFORE = "The review date must be after the decision."
REVIEW_NOT_DECIDED = "Only a decided decision can be reviewed."
REVIEW_NOTE_REQUIRED = "Say what happened: the note is what the next decision learns from."
WITHDRAW_REASON = "Say why the decision is withdrawn."


def decide_blockers(decision: Decision) -> list[str]:
    """Why the decider cannot decide yet, by the door policy."""
    return rules.decide_blockers(door_facts(decision))


@transaction.atomic
def decision_decide(
    *,
    actor: User,
    decision: Decision,
    option: Option,
    rationale: str = "",
    information_pct: int | None = None,
    review_on: date | None = None,
    at: datetime | None = None,
) -> Decision:
    """The decider decides. Two-way doors: at once, alone. One-way doors: after the reviewers.

    The information at hand is recorded; above the company's target the decision counts as slow.
    """
    ensure_can_write(actor)
    if actor.pk != decision.decider_id:
        raise PermissionDenied(rules.ONLY_DECIDER.format(decider=decision.decider))
    ensure_open(decision)
    if option.decision_id != decision.pk:
        raise ValidationError({"option": OPTION_FOREIGN})
    if information_pct is not None and not 0 <= information_pct <= 100:
        raise ValidationError({"information_pct": INFORMATION_RANGE})
    rationale = rationale.strip()
    rationale_error = rules.rationale_error(decision.door, rationale)
    if rationale_error:
        raise ValidationError({"rationale": rationale_error})
    facts = door_facts(decision)
    blockers = rules.decide_blockers(facts)
    if blockers:
        raise ValidationError(blockers)
    bound = rules.choice_error(facts, option.pk)
    if bound:
        raise ValidationError({"option": bound})
    if facts.ruling is None or facts.ruling[0] != option.pk:
        refused = choice_refusals(decision, option)
        if refused:
            raise ValidationError({"option": refused})
    decided_at = now_or(at)
    decided_on = timezone.localdate(decided_at)
    if review_on is None:
        review_on = decided_on + timedelta(days=rules.review_after_days(decision.door))
    elif review_on <= decided_on:
        raise ValidationError({"review_on": REVIEW_ON_BEFORE})
    audited_save(
        actor=actor,
        instance=decision,
        action="decision.decide",
        changes={
            "status": Status.DECIDED,
            "decided_at": decided_at,
            "chosen_option": option,
            "rationale": rationale,
            "information_pct": decision.information_pct
            if information_pct is None
            else information_pct,
            "review_on": review_on,
        },
    )
    record_event(
        decision=decision,
        actor=actor,
        kind=EventKind.DECIDED,
        summary=f"{actor} decided: {option.label}, with {decision.information_pct}% of the "
        f"information. Review on {review_on:%d %b %Y}.",
        at=at,
    )
    notify(
        decision=decision,
        recipient_ids=participant_ids(decision),
        message=f"Decided: {option.label}. {decision.question}",
        actor=actor,
        at=at,
    )
    previous = decision.supersedes
    if previous is not None:
        kind = decision.get_supersede_kind_display().lower()
        record_event(
            decision=previous,
            actor=actor,
            kind=EventKind.SUPERSEDED,
            summary=f"Superseded by a {kind}: {decision.question} ({option.label}).",
            at=at,
        )
        notify(
            decision=previous,
            recipient_ids=participant_ids(previous),
            message=f"A {kind} replaces a decision you were part of: {previous.question}",
            actor=actor,
            at=at,
        )
    return decision


@transaction.atomic
def decision_withdraw(
    *, actor: User, decision: Decision, reason: str, at: datetime | None = None
) -> Decision:
    """Close an open decision without deciding it, with the reason. It stays in the record."""
    ensure_owner(actor, decision)
    ensure_open(decision)
    require_substance(reason, field="reason", what="reason", missing=WITHDRAW_REASON)
    open_leaders = door_facts(decision).open_escalations
    if open_leaders:
        raise ValidationError(rules.OPEN_ESCALATION.format(leader=open_leaders[0]))
    audited_save(
        actor=actor,
        instance=decision,
        action="decision.withdraw",
        changes={"status": Status.WITHDRAWN, "rationale": reason.strip()},
    )
    record_event(
        decision=decision,
        actor=actor,
        kind=EventKind.WITHDRAWN,
        summary=f"{actor} withdrew the decision: {reason.strip()}",
        at=at,
    )
    notify(
        decision=decision,
        recipient_ids=participant_ids(decision),
        message=f"Withdrawn: {decision.question}",
        actor=actor,
        at=at,
    )
    return decision


@transaction.atomic
def review_record(
    *, actor: User, decision: Decision, outcome: str, note: str, at: datetime | None = None
) -> Review:
    """Look back at a decided decision: was it right? Reviews add up; none is overwritten."""
    ensure_can_write(actor)
    if decision.status != Status.DECIDED:
        raise ValidationError(REVIEW_NOT_DECIDED)
    if actor.pk not in participant_ids(decision) and not actor.is_admin:
        raise PermissionDenied("Only the people involved in this decision review it.")
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose whether it was the right call."
    note_error = substance_error(note, what="note", missing=REVIEW_NOTE_REQUIRED)
    if note_error:
        errors["note"] = note_error
    if errors:
        raise ValidationError(errors)
    review = Review(
        decision=decision, author=actor, outcome=outcome, note=note.strip(), created_at=now_or(at)
    )
    review.full_clean()
    review.save()
    audit_record(
        actor=actor,
        action="decision.review",
        target=decision,
        after=model_snapshot(review, ("outcome", "note")),
    )
    record_event(
        decision=decision,
        actor=actor,
        kind=EventKind.REVIEWED,
        summary=f"{actor} reviewed the outcome: {review.get_outcome_display()}. {review.note}",
        at=at,
    )
    return review
