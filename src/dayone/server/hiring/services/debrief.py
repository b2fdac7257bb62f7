"""The debrief: the Bar Raiser closes it with the outcome, recorded as a one-way-door decision.

The decision (hire or no hire, decided by the hiring manager after the company's one-way-door
reviewers) is linked both ways: the loop keeps the decision, the decision links to the loop.
A Bar Raiser's veto needs a written reason and makes the outcome no hire; the decision then goes
to "Hire" only after an escalation in it is ruled that way (``veto``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from dayone.server.core.models import User
from dayone.server.core.services import audited_save
from dayone.server.core.validators import substance_error
from dayone.server.decisions import services as decisions
from dayone.server.decisions.enums import Door, SourceKind
from dayone.server.hiring import rules
from dayone.server.hiring.enums import EventKind, LoopOutcome, LoopStatus, Stage
from dayone.server.hiring.models import Candidate, Loop
from dayone.server.hiring.services._common import ensure_manages, now_or, record_event
from dayone.server.hiring.services.calibration import calibration_facts_store
from dayone.server.hiring.services.roles import candidate_set_stage
from dayone.server.hiring.veto import HIRE, NO_HIRE, veto_override

if TYPE_CHECKING:
    from dayone.server.decisions.models import Escalation

OUTCOME_UNKNOWN = "Choose the outcome: hire or no hire."
NO_VETO = "{name}'s latest debrief has no veto to escalate: the Bar Raiser did not veto."
VETO_OVERRIDDEN = "{leader} already overrode this veto: move the candidate to offer."
QUESTION_MISSING = (
    "Write the question for the leader: what they should rule on, and why the veto should not "
    "stand, from the evidence."
)
LEADER_IS_RAISER = (
    "{name} is the Bar Raiser who vetoed: escalate to a leader above the disagreement instead."
)
RATIONALE_MISSING = "Write the rationale: why this outcome, from the evidence."


def loop_ref(loop: Loop) -> str:
    """How the decision names its loop."""
    return f"hiring-loop-{loop.pk}"


@transaction.atomic
def debrief_close(
    *,
    actor: User,
    loop: Loop,
    outcome: str,
    rationale: str,
    veto_reason: str = "",
    without_all_feedback: str = "",
    at: datetime | None = None,
) -> Loop:
    """The Bar Raiser closes the debrief: the outcome, its rationale, and a veto if any."""
    loop = (
        Loop.objects.select_for_update()
        .select_related("candidate__role__hiring_manager")
        .get(pk=loop.pk)
    )
    interviews = list(loop.interviews.select_related("interviewer"))
    raiser = next((i for i in interviews if i.is_bar_raiser), None)
    if raiser is None or actor.pk != raiser.interviewer_id:
        name = raiser.interviewer if raiser is not None else "nobody"
        raise PermissionDenied(rules.ONLY_BAR_RAISER.format(name=name))
    if loop.is_closed:
        raise ValidationError({"__all__": rules.LOOP_CLOSED})
    submitted = set(
        loop.interviews.filter(feedback__isnull=False).values_list("interviewer_id", flat=True)
    )
    if actor.pk not in submitted:
        raise ValidationError({"__all__": rules.OWN_FEEDBACK_FIRST})
    errors: dict[str, str] = {}
    missing = [str(i.interviewer) for i in interviews if i.interviewer_id not in submitted]
    if missing:
        reason_error = substance_error(
            without_all_feedback,
            what="reason to go ahead without all feedback",
            missing=rules.WAITING_FOR.format(names=", ".join(missing)),
        )
        if reason_error:
            errors["without_all_feedback"] = reason_error
    if outcome not in LoopOutcome.values:
        errors["outcome"] = OUTCOME_UNKNOWN
    rationale_error = substance_error(rationale, what="rationale", missing=RATIONALE_MISSING)
    if rationale_error:
        errors["rationale"] = rationale_error
    vetoed = bool(veto_reason.strip())
    if vetoed:
        veto_error = substance_error(veto_reason, what="veto reason")
        if veto_error:
            errors["veto_reason"] = veto_error
        elif outcome == LoopOutcome.HIRE:
            errors["veto_reason"] = rules.VETO_IS_NO_HIRE
    if errors:
        raise ValidationError(errors)
    candidate = loop.candidate
    role = candidate.role
    label = LoopOutcome(outcome).label
    veto_words = f"\n\nThe Bar Raiser vetoed: {veto_reason.strip()}" if vetoed else ""
    decision = decisions.decision_create_from_source(
        actor=actor,
        kind=SourceKind.OTHER,
        ref=loop_ref(loop),
        title=f"Hiring loop: {role.title}",
        url=reverse("hiring:loop", args=[loop.pk]),
        question=f"Do we hire {candidate.name} as {role.title}? The debrief says: {label.lower()}.",
        context=f"{rationale.strip()}{veto_words}",
        decider=role.hiring_manager,
        door=Door.ONE_WAY,
        options=[
            decisions.OptionInput(
                HIRE, "The candidate raised the bar in the loop.", "A hire is hard to undo."
            ),
            decisions.OptionInput(
                NO_HIRE, "The bar stays where it is.", "The role stays open for longer."
            ),
        ],
        stakeholders=[i.interviewer for i in interviews],
        at=at,
    )
    audited_save(
        actor=actor,
        instance=loop,
        action="loop.debrief_close",
        changes={
            "status": LoopStatus.CLOSED,
            "outcome": outcome,
            "rationale": rationale.strip(),
            "vetoed": vetoed,
            "veto_reason": veto_reason.strip(),
            "without_all_feedback": without_all_feedback.strip() if missing else "",
            "closed_at": now_or(at),
            "decision": decision,
        },
    )
    calibration_facts_store([loop])
    veto = " with the Bar Raiser's veto" if vetoed else ""
    record_event(
        candidate=candidate,
        actor=actor,
        kind=EventKind.DEBRIEF,
        summary=f"Debrief closed: {label.lower()}{veto}. Recorded as a one-way-door decision.",
        at=at,
    )
    stage = Stage.OFFER if outcome == LoopOutcome.HIRE else Stage.DECLINED
    candidate_set_stage(actor=None, candidate=candidate, stage=stage, at=at)
    return loop


@transaction.atomic
def veto_escalate(
    *,
    actor: User,
    candidate: Candidate,
    question: str,
    leader: User | None,
    at: datetime | None = None,
) -> Escalation:
    """The hiring manager, the recruiter or an admin escalates the Bar Raiser's veto of the
    candidate's latest loop to a leader, with a written question. The escalation is recorded in
    the loop's decision, where the leader rules; a ruling for "Hire" overrides the veto."""
    role = candidate.role
    ensure_manages(actor, role, rules.MAY_ESCALATE)
    loop = (
        candidate.loops.filter(status=LoopStatus.CLOSED)
        .select_related("decision", "candidate")
        .order_by("-closed_at", "-pk")
        .first()
    )
    if loop is None or not loop.vetoed or loop.decision is None:
        raise ValidationError({"__all__": NO_VETO.format(name=candidate.name)})
    override = veto_override(loop)
    if override is not None:
        raise ValidationError({"__all__": VETO_OVERRIDDEN.format(leader=override.leader)})
    errors: dict[str, str] = {}
    question_error = substance_error(question, what="question", missing=QUESTION_MISSING)
    if question_error:
        errors["question"] = question_error
    raiser = loop.interviews.filter(is_bar_raiser=True).select_related("interviewer").first()
    if leader is not None and raiser is not None and leader.pk == raiser.interviewer_id:
        errors["leader"] = LEADER_IS_RAISER.format(name=leader)
    if errors:
        raise ValidationError(errors)
    try:
        escalation = decisions.escalation_raise(
            actor=actor, decision=loop.decision, reason=question, leader=leader, at=at
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            fields = {"objection": "question", "escalate_to": "leader", "kind": "__all__"}
            raise ValidationError(
                {fields.get(key, key): value for key, value in exc.error_dict.items()}
            ) from exc
        raise
    record_event(
        candidate=candidate,
        actor=actor,
        kind=EventKind.ESCALATED,
        summary=f"{actor} escalated the Bar Raiser's veto to {escalation.leader}, who rules in "
        "the hiring decision.",
        at=at,
    )
    return escalation
