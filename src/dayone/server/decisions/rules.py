"""The door policy: who may decide a decision, what blocks it, and what each rule says.

Two-way doors (reversible) take the light path: the decider decides alone, now. One-way doors
take the careful path: the company's reviewers weigh in first and the rationale is written.
Services enforce these rules, selectors show them, forms explain them and the API reports
them, all from here. The module is pure: callers hand it the facts (``DoorFacts``), it makes
no query and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dayone.server.decisions.enums import Door, StanceKind, Status

ONLY_DECIDER = "Only the decider, {decider}, can decide."
OPEN_ESCALATION = "Resolve the open escalation to {leader} first."
REVIEWERS_MISSING = (
    "A one-way door needs every reviewer to weigh in first. Still waiting for: {names}."
)
RATIONALE_REQUIRED = "A one-way door needs its rationale in writing."

DOOR_CHOICES: tuple[tuple[str, str], ...] = (
    (
        Door.TWO_WAY,
        "Two-way door: reversible at little cost (a price test, a page layout, a vendor trial). "
        "Light path: the decider decides alone, now.",
    ),
    (
        Door.ONE_WAY,
        "One-way door: hard or impossible to undo (a warehouse lease, a multi-year contract, a "
        "promise to customers). Careful path: the company's reviewers weigh in first.",
    ),
)
DOOR_HELP = "If you are unsure, ask: what would it cost to walk back through this door in a month?"
RATIONALE_HELP = "Why this option. Required for one-way doors."
PATH_TWO_WAY = "A two-way door: you can decide now, alone. If it turns out wrong, reverse it."
PATH_ONE_WAY = "Every reviewer has weighed in. Write down why."

REVIEW_AFTER_DAYS = {Door.TWO_WAY: 30, Door.ONE_WAY: 90}
"""When to ask "was it right?" by default: a month for two-way doors, a quarter for one-way."""


@dataclass(frozen=True)
class Reviewer:
    """A one-way-door reviewer of one decision, by id and name."""

    pk: int
    name: str


@dataclass(frozen=True)
class DoorFacts:
    """What the door policy needs to know about one decision.

    ``stances`` maps each person to the kind of their latest stance; ``open_escalations``
    names the leaders of the escalations still open.
    """

    door: str
    status: str
    decider_id: int
    decider_name: str
    reviewers: Sequence[Reviewer] = ()
    stances: Mapping[int, str] = field(default_factory=dict)
    open_escalations: Sequence[str] = ()

    @property
    def one_way(self) -> bool:
        """A one-way door: the careful path."""
        return self.door == Door.ONE_WAY


def is_one_way(door: str) -> bool:
    """Whether ``door`` takes the careful path."""
    return door == Door.ONE_WAY


def may_decide(*, actor_id: int | None, actor_can_write: bool, facts: DoorFacts) -> bool:
    """Only the decider decides, and only an open decision."""
    return actor_can_write and facts.status == Status.OPEN and actor_id == facts.decider_id


def waiting_for(facts: DoorFacts) -> list[str]:
    """The reviewers of a one-way door who have not weighed in (an escalation is no stance)."""
    if not facts.one_way:
        return []
    return [
        r.name
        for r in sorted(facts.reviewers, key=lambda r: r.name)
        if facts.stances.get(r.pk) in {None, StanceKind.ESCALATE}
    ]


def decide_blockers(facts: DoorFacts) -> list[str]:
    """Why the decider cannot decide yet; empty once nothing blocks. Closed decisions have none."""
    if facts.status != Status.OPEN:
        return []
    blockers = [OPEN_ESCALATION.format(leader=leader) for leader in facts.open_escalations]
    if facts.one_way:
        missing = waiting_for(facts)
        if missing:
            blockers.append(REVIEWERS_MISSING.format(names=", ".join(missing)))
    return blockers


def rationale_required(door: str) -> bool:
    """Whether deciding needs a written rationale (one-way doors always do)."""
    return is_one_way(door)


def path_note(facts: DoorFacts) -> str:
    """What the decider reads above the decide form once nothing blocks."""
    return PATH_ONE_WAY if facts.one_way else PATH_TWO_WAY


def review_after_days(door: str) -> int:
    """Days after the decision to ask whether it was right."""
    return REVIEW_AFTER_DAYS[Door(door)]
