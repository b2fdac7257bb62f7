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

from dayone.server.core.validators import substance_error
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

REVIEWERS_NONE = (
    "A one-way door needs reviewers besides its decider: its owner alone cannot decide it. "
    "An admin names the one-way-door reviewers in the decision settings."
)
RESOLUTION_OPTION = "Choose the option the decision goes with: the resolution binds the decider."
ESCALATION_BINDS = (
    "{leader} resolved the escalation for '{option}': the decision follows the resolution. "
    "Choose '{option}', or withdraw and propose a new decision."
)
STANCES_CLOSED = (
    "This decision is {status}: stances are heard before the decision. Review the outcome or "
    "propose a reversal instead."
)
ESCALATE_TO_READER = (
    "{leader} can only read, so cannot resolve an escalation: escalate to a member or an admin."
)

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
    names the leaders of the escalations still open; ``ruling`` is the latest resolved
    escalation's ruling as (option id, option label, leader name), which binds the decider.
    """

    door: str
    status: str
    decider_id: int
    decider_name: str
    reviewers: Sequence[Reviewer] = ()
    stances: Mapping[int, str] = field(default_factory=dict)
    open_escalations: Sequence[str] = ()
    ruling: tuple[int, str, str] | None = None

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
        if not [r for r in facts.reviewers if r.pk != facts.decider_id]:
            blockers.append(REVIEWERS_NONE)
        missing = waiting_for(facts)
        if missing:
            blockers.append(REVIEWERS_MISSING.format(names=", ".join(missing)))
    return blockers


def choice_error(facts: DoorFacts, option_id: int) -> str | None:
    """Why ``option_id`` cannot be chosen: an escalation's ruling settled on another option."""
    if facts.ruling is None or facts.ruling[0] == option_id:
        return None
    _, label, leader = facts.ruling
    return ESCALATION_BINDS.format(leader=leader, option=label)


def rationale_required(door: str) -> bool:
    """Whether deciding needs a written rationale (one-way doors always do)."""
    return is_one_way(door)


def rationale_error(door: str, rationale: str) -> str | None:
    """What the rationale lacks when the door requires one, or ``None``."""
    if not rationale_required(door):
        return None
    return substance_error(rationale, what="rationale", missing=RATIONALE_REQUIRED)


def stance_closed(status: str) -> str | None:
    """Why no stance can be recorded any more, or ``None`` while the decision is open."""
    if status == Status.OPEN:
        return None
    return STANCES_CLOSED.format(status=Status(status).label.lower())


def path_note(facts: DoorFacts) -> str:
    """What the decider reads above the decide form once nothing blocks."""
    return PATH_ONE_WAY if facts.one_way else PATH_TWO_WAY


def review_after_days(door: str) -> int:
    """Days after the decision to ask whether it was right."""
    return REVIEW_AFTER_DAYS[Door(door)]
