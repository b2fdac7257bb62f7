"""The Bar Raiser's veto, kept by the decision it is recorded in.

A vetoed loop's decision can go only to "No hire", unless an escalation, recorded in that
decision, is ruled by its leader for another option: then, and only then, the veto is overridden.
The guard is registered with Decisions, so neither its page nor its API can decide around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dayone.server.hiring.models import Loop

if TYPE_CHECKING:
    from datetime import datetime

    from dayone.server.decisions.models import Decision, Escalation, Option

HIRE = "Hire"
NO_HIRE = "No hire"
VETO_HOLDS = (
    "The Bar Raiser vetoed this hire: {reason} Only an escalation can override a veto: a "
    "stakeholder escalates to a leader, and the decision can go to '{option}' once the leader "
    "rules for it."
)


def veto_guard(decision: Decision, option: Option) -> str | None:
    """Refuse any option but "No hire" on a vetoed loop's decision (escalations rule around it)."""
    if option.label == NO_HIRE:
        return None
    loop = Loop.objects.filter(decision=decision, vetoed=True).only("veto_reason").first()
    if loop is None:
        return None
    return VETO_HOLDS.format(reason=loop.veto_reason.rstrip(".") + ".", option=option.label)


@dataclass(frozen=True)
class Override:
    """An escalation's ruling against the Bar Raiser's veto."""

    leader: str
    option: str
    resolution: str
    resolved_at: datetime


def veto_override(loop: Loop) -> Override | None:
    """The ruling that overrides the loop's veto: the latest ruling, when it is not "No hire"."""
    if not loop.vetoed or loop.decision_id is None:
        return None
    ruling = (
        loop.decision.escalations.filter(resolved_at__isnull=False, option__isnull=False)  # type: ignore[union-attr]
        .select_related("leader", "option")
        .order_by("-resolved_at", "-pk")
        .first()
    )
    if ruling is None or ruling.option is None or ruling.option.label == NO_HIRE:
        return None
    return Override(
        leader=str(ruling.leader),
        option=ruling.option.label,
        resolution=ruling.resolution,
        resolved_at=ruling.resolved_at,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class VetoState:
    """Where a vetoed loop's veto is: overridden, or standing with its open escalations."""

    loop: Loop
    override: Override | None
    open_escalations: list[Escalation]
    decision_open: bool

    @property
    def escalable(self) -> bool:
        """The veto stands and its decision is open: the hiring team may escalate it."""
        return self.override is None and self.decision_open


def veto_state(loop: Loop | None) -> VetoState | None:
    """The veto of ``loop`` (a closed loop the reader may see), or ``None`` without one."""
    if loop is None or not loop.vetoed or loop.decision is None:
        return None
    return VetoState(
        loop=loop,
        override=veto_override(loop),
        open_escalations=list(
            loop.decision.escalations.filter(resolved_at__isnull=True)
            .select_related("leader", "raised_by")
            .order_by("raised_at", "pk")
        ),
        decision_open=loop.decision.is_open,
    )
