"""The rules of an interview loop: who sits in it, what each assesses, and what is refused.

The caller hands over the facts (``LoopFacts``): the role's principles, the hiring manager,
the hiring team and reporting line, the certified Bar Raisers, the trainees with the loops each
has shadowed, the certified Bar Raiser named to sign off a trainee's loop, the loops the Bar Raiser and the
sign-off already lead or sign off that week, and everyone's other interviews. ``loop_problems``
returns every refusal at once, each naming the field and what to change; ``coverage`` gives the
principle x interviewer matrix.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

MIN_INTERVIEWERS = 4
MAX_INTERVIEWERS = 7
MIN_PRINCIPLES = 1
MAX_PRINCIPLES = 3

TOO_FEW = (
    "A loop needs {minimum} to {maximum} interviewers, the Bar Raiser included; it has {count}. "
    "Add {missing} more."
)
TOO_MANY = (
    "A loop needs {minimum} to {maximum} interviewers, the Bar Raiser included; it has {count}. "
    "Remove {extra}."
)
TWICE_IN_LOOP = "{name} sits in the loop twice; give each seat to a different person."
NO_BAR_RAISER = "Choose one interviewer as the Bar Raiser: every loop has exactly one."
MANY_BAR_RAISERS = (
    "A loop has exactly one Bar Raiser; {names} are all marked. Keep one and make the others "
    "interviewers."
)
NOT_CERTIFIED = (
    "{name} is not a certified Bar Raiser; choose someone from the Bar Raiser pool, or let "
    "{name} shadow this loop as an interviewer."
)
IS_HIRING_MANAGER = (
    "{name} is the hiring manager and cannot be the Bar Raiser: the Bar Raiser comes from "
    "outside the hiring team. Choose another Bar Raiser."
)
IN_HIRING_TEAM = (
    "{name} is in the hiring team and cannot be the Bar Raiser: choose a Bar Raiser from "
    "another team."
)
IN_REPORTING_LINE = (
    "{name} is in the hiring manager's reporting line and cannot be the Bar Raiser: choose a "
    "Bar Raiser from outside it."
)
STILL_SHADOWING = (
    "{name} is a Bar Raiser in training and has shadowed {done} of the {needed} loops a trainee "
    "shadows before leading one; let {name} shadow this loop as an interviewer, or choose a "
    "certified Bar Raiser."
)
NO_SIGN_OFF = (
    "{name} is a Bar Raiser in training: name a certified Bar Raiser to sign off this loop, or "
    "choose a certified Bar Raiser."
)
SIGN_OFF_NOT_NEEDED = (
    "{name} is a certified Bar Raiser and leads the loop alone; remove {sign_off} as the "
    "sign-off, or choose a Bar Raiser in training."
)
SIGN_OFF_IS_RAISER = (
    "{name} leads this loop and cannot also sign it off; name another certified Bar Raiser."
)
SIGN_OFF_NOT_CERTIFIED = (
    "{name} is not a certified Bar Raiser: only a certified Bar Raiser signs off a trainee's "
    "loop. Name one from the Bar Raiser pool."
)
SIGN_OFF_IS_HIRING_MANAGER = (
    "{name} is the hiring manager and cannot sign off the loop: the sign-off comes from outside "
    "the hiring team. Name another certified Bar Raiser."
)
SIGN_OFF_IN_HIRING_TEAM = (
    "{name} is in the hiring team and cannot sign off the loop: name a certified Bar Raiser from "
    "another team."
)
SIGN_OFF_IN_REPORTING_LINE = (
    "{name} is in the hiring manager's reporting line and cannot sign off the loop: name a "
    "certified Bar Raiser from outside it."
)
PAST_CAP = (
    "{name} already has {count} loops this week, the cap for a Bar Raiser is {cap}; choose "
    "another Bar Raiser or move the loop to next week."
)
SIGN_OFF_PAST_CAP = (
    "{name} already has {count} loops this week, led or signed off, and the cap for a Bar "
    "Raiser is {cap}; name another certified Bar Raiser to sign off, or move the loop to next "
    "week."
)
FEW_PRINCIPLES = "Give {name} at least {minimum} principle to assess."
MANY_PRINCIPLES = (
    "{name} has {count} principles; assign at most {maximum} so each gets real questions."
)
NOT_ROLE_PRINCIPLE = (
    "{name} is assigned '{principle}', which is not one of the role's principles; choose from "
    "the role's principles or add it to the role first."
)
NOBODY_ASSESSES = (
    "Nobody assesses '{principle}', one of the role's principles; assign it to an interviewer."
)
EVERYBODY_ASSESSES = (
    "Every interviewer assesses '{principle}'; take it from some of them so the loop covers "
    "more ground."
)
TIMES_BACKWARDS = "{name}'s interview ends before it starts; set an end after {start}."
DOUBLE_BOOKED = (
    "{name} is booked twice at the same time: this interview ({start}) overlaps {other}. "
    "Move one of them."
)
CANDIDATE_DOUBLE_BOOKED = (
    "The candidate would be in two interviews at once: {first} and {second} overlap. Move one "
    "of them."
)


@dataclass(frozen=True)
class Seat:
    """One interviewer's place in the loop: who, what they assess, and when."""

    person_id: int
    name: str
    principles: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime
    is_bar_raiser: bool = False


@dataclass(frozen=True)
class Booking:
    """An interview a person already has elsewhere, described for the message."""

    person_id: int
    starts_at: datetime
    ends_at: datetime
    what: str


@dataclass(frozen=True)
class LoopFacts:
    """Everything the loop rules need. Principles are named by key; ``principle_names`` gives
    the words shown (a key without a name is shown as the key)."""

    seats: Sequence[Seat]
    role_principles: Sequence[str]
    hiring_manager_id: int
    hiring_team_ids: frozenset[int] = frozenset()
    reporting_line_ids: frozenset[int] = frozenset()
    certified_ids: frozenset[int] = frozenset()
    bar_raiser_loops_this_week: Mapping[int, int] = field(default_factory=dict)
    """Loops each Bar Raiser (and the sign-off) already leads or signs off in the loop's week."""
    bar_raiser_cap: int = 2
    """The weekly loop cap of the Bar Raiser in the loop."""
    trainee_shadowed: Mapping[int, int] = field(default_factory=dict)
    """Bar Raisers in training among the seats, with the loops each has shadowed."""
    shadow_loops: int = 3
    """Loops a trainee shadows before leading one."""
    sign_off_id: int | None = None
    """The certified Bar Raiser named to sign off a trainee's loop."""
    sign_off_name: str = ""
    sign_off_cap: int = 2
    """The weekly loop cap of the sign-off: signing off a loop counts as one of their loops."""
    bookings: Sequence[Booking] = ()
    principle_names: Mapping[str, str] = field(default_factory=dict)

    def principle_name(self, key: str) -> str:
        """The words for principle ``key``."""
        return self.principle_names.get(key, key)


@dataclass(frozen=True)
class Problem:
    """One refusal: the field to change (``interviewers``, ``bar_raiser``, ``sign_off``,
    ``principles``, ``schedule``) and what to change."""

    field: str
    message: str


@dataclass(frozen=True)
class CoverageRow:
    """One principle across the loop: who assesses it, and whether that is too few or too many."""

    principle: str
    name: str
    assessed_by: tuple[bool, ...]
    status: str
    """``ok``, ``nobody`` (a role principle nobody assesses), ``everybody`` or ``extra``
    (assessed but not one of the role's)."""

    @property
    def count(self) -> int:
        """How many interviewers assess this principle."""
        return sum(self.assessed_by)


@dataclass(frozen=True)
class Coverage:
    """The coverage matrix: principles down, interviewers across."""

    interviewers: tuple[str, ...]
    rows: tuple[CoverageRow, ...]


def _overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def _when(moment: datetime) -> str:
    return moment.strftime("%a %d %b %H:%M")


def _size_problems(facts: LoopFacts) -> list[Problem]:
    count = len(facts.seats)
    if count < MIN_INTERVIEWERS:
        message = TOO_FEW.format(
            minimum=MIN_INTERVIEWERS,
            maximum=MAX_INTERVIEWERS,
            count=count,
            missing=MIN_INTERVIEWERS - count,
        )
        return [Problem("interviewers", message)]
    if count > MAX_INTERVIEWERS:
        message = TOO_MANY.format(
            minimum=MIN_INTERVIEWERS,
            maximum=MAX_INTERVIEWERS,
            count=count,
            extra=count - MAX_INTERVIEWERS,
        )
        return [Problem("interviewers", message)]
    return []


def _sign_off_problems(facts: LoopFacts, raiser: Seat) -> list[Problem]:
    """The sign-off of a trainee's loop: certified, not the trainee, and as independent of the
    hiring team as a Bar Raiser."""
    pk, name = facts.sign_off_id, facts.sign_off_name
    if pk == raiser.person_id:
        return [Problem("sign_off", SIGN_OFF_IS_RAISER.format(name=name))]
    problems = []
    if pk not in facts.certified_ids:
        problems.append(Problem("sign_off", SIGN_OFF_NOT_CERTIFIED.format(name=name)))
    if pk == facts.hiring_manager_id:
        problems.append(Problem("sign_off", SIGN_OFF_IS_HIRING_MANAGER.format(name=name)))
    elif pk in facts.hiring_team_ids:
        problems.append(Problem("sign_off", SIGN_OFF_IN_HIRING_TEAM.format(name=name)))
    elif pk in facts.reporting_line_ids:
        problems.append(Problem("sign_off", SIGN_OFF_IN_REPORTING_LINE.format(name=name)))
    loops = facts.bar_raiser_loops_this_week.get(pk, 0) if pk is not None else 0
    if loops >= facts.sign_off_cap:
        message = SIGN_OFF_PAST_CAP.format(name=name, count=loops, cap=facts.sign_off_cap)
        problems.append(Problem("sign_off", message))
    return problems


def _standing_problems(facts: LoopFacts, raiser: Seat) -> list[Problem]:
    """Whether the Bar Raiser may sit in the seat: certified, or a trainee done shadowing with a
    certified, independent sign-off."""
    pk, name = raiser.person_id, raiser.name
    if pk in facts.certified_ids:
        if facts.sign_off_id is None:
            return []
        message = SIGN_OFF_NOT_NEEDED.format(name=name, sign_off=facts.sign_off_name)
        return [Problem("sign_off", message)]
    if pk not in facts.trainee_shadowed:
        return [Problem("bar_raiser", NOT_CERTIFIED.format(name=name))]
    done = facts.trainee_shadowed[pk]
    if done < facts.shadow_loops:
        message = STILL_SHADOWING.format(name=name, done=done, needed=facts.shadow_loops)
        return [Problem("bar_raiser", message)]
    if facts.sign_off_id is None:
        return [Problem("sign_off", NO_SIGN_OFF.format(name=name))]
    return _sign_off_problems(facts, raiser)


def _bar_raiser_problems(facts: LoopFacts) -> list[Problem]:
    raisers = [seat for seat in facts.seats if seat.is_bar_raiser]
    if not raisers:
        return [Problem("bar_raiser", NO_BAR_RAISER)]
    if len(raisers) > 1:
        names = ", ".join(seat.name for seat in raisers)
        return [Problem("bar_raiser", MANY_BAR_RAISERS.format(names=names))]
    raiser = raisers[0]
    problems = _standing_problems(facts, raiser)
    pk, name = raiser.person_id, raiser.name
    if pk == facts.hiring_manager_id:
        problems.append(Problem("bar_raiser", IS_HIRING_MANAGER.format(name=name)))
    elif pk in facts.hiring_team_ids:
        problems.append(Problem("bar_raiser", IN_HIRING_TEAM.format(name=name)))
    elif pk in facts.reporting_line_ids:
        problems.append(Problem("bar_raiser", IN_REPORTING_LINE.format(name=name)))
    loops = facts.bar_raiser_loops_this_week.get(pk, 0)
    if loops >= facts.bar_raiser_cap:
        message = PAST_CAP.format(name=name, count=loops, cap=facts.bar_raiser_cap)
        problems.append(Problem("bar_raiser", message))
    return problems


def _principle_problems(facts: LoopFacts) -> list[Problem]:
    problems = []
    role = set(facts.role_principles)
    for seat in facts.seats:
        count = len(set(seat.principles))
        if count < MIN_PRINCIPLES:
            message = FEW_PRINCIPLES.format(name=seat.name, minimum=MIN_PRINCIPLES)
            problems.append(Problem("principles", message))
        elif count > MAX_PRINCIPLES:
            message = MANY_PRINCIPLES.format(name=seat.name, count=count, maximum=MAX_PRINCIPLES)
            problems.append(Problem("principles", message))
        problems.extend(
            Problem(
                "principles",
                NOT_ROLE_PRINCIPLE.format(name=seat.name, principle=facts.principle_name(key)),
            )
            for key in dict.fromkeys(seat.principles)
            if key not in role
        )
    for row in coverage(facts).rows:
        if row.status == "nobody":
            problems.append(Problem("principles", NOBODY_ASSESSES.format(principle=row.name)))
        elif row.status == "everybody":
            problems.append(Problem("principles", EVERYBODY_ASSESSES.format(principle=row.name)))
    return problems


def _schedule_problems(facts: LoopFacts) -> list[Problem]:
    problems = []
    seats = list(facts.seats)
    for seat in seats:
        if seat.ends_at <= seat.starts_at:
            message = TIMES_BACKWARDS.format(name=seat.name, start=_when(seat.starts_at))
            problems.append(Problem("schedule", message))
    seen: set[int] = set()
    for seat in seats:
        if seat.person_id in seen:
            problems.append(Problem("interviewers", TWICE_IN_LOOP.format(name=seat.name)))
        seen.add(seat.person_id)
        problems.extend(
            Problem(
                "schedule",
                DOUBLE_BOOKED.format(
                    name=seat.name, start=_when(seat.starts_at), other=booking.what
                ),
            )
            for booking in facts.bookings
            if booking.person_id == seat.person_id
            and _overlaps(seat.starts_at, seat.ends_at, booking.starts_at, booking.ends_at)
        )
    ordered = sorted(seats, key=lambda seat: seat.starts_at)
    for first, second in itertools.pairwise(ordered):
        if _overlaps(first.starts_at, first.ends_at, second.starts_at, second.ends_at):
            message = CANDIDATE_DOUBLE_BOOKED.format(
                first=f"{first.name} at {_when(first.starts_at)}",
                second=f"{second.name} at {_when(second.starts_at)}",
            )
            problems.append(Problem("schedule", message))
    return problems


def loop_problems(facts: LoopFacts) -> list[Problem]:
    """Every reason the loop cannot stand as planned; empty when it can."""
    return [
        *_size_problems(facts),
        *_bar_raiser_problems(facts),
        *_principle_problems(facts),
        *_schedule_problems(facts),
    ]


def coverage(facts: LoopFacts) -> Coverage:
    """The principle x interviewer matrix: the role's principles first, then any extra."""
    keys = list(dict.fromkeys(facts.role_principles))
    for seat in facts.seats:
        keys.extend(key for key in seat.principles if key not in keys)
    role = set(facts.role_principles)
    rows = []
    for key in keys:
        assessed = tuple(key in seat.principles for seat in facts.seats)
        count = sum(assessed)
        if key not in role:
            status = "extra"
        elif count == 0:
            status = "nobody"
        elif count == len(facts.seats) and count >= 2:
            status = "everybody"
        else:
            status = "ok"
        rows.append(CoverageRow(key, facts.principle_name(key), assessed, status))
    return Coverage(tuple(seat.name for seat in facts.seats), tuple(rows))
