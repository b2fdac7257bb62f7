"""The loop rules through the public API: every refusal says what to change."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from dayone import hiring

DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROLE = ("customer-obsession", "ownership", "dive-deep", "bias-for-action")
NAMES = {key: key.replace("-", " ").title() for key in ROLE}


def _seat(pk: int, principles: tuple[str, ...], slot: int, *, br: bool = False) -> hiring.Seat:
    start = DAY + timedelta(hours=slot)
    return hiring.Seat(pk, f"P{pk}", principles, start, start + timedelta(minutes=45), br)


def _facts(**changes: object) -> hiring.LoopFacts:
    seats = [
        _seat(1, ("customer-obsession", "ownership"), 0),
        _seat(2, ("dive-deep",), 1),
        _seat(3, ("bias-for-action", "ownership"), 2),
        _seat(9, ("customer-obsession", "dive-deep"), 3, br=True),
    ]
    facts = hiring.LoopFacts(
        seats=seats,
        role_principles=ROLE,
        hiring_manager_id=1,
        hiring_team_ids=frozenset({1, 2, 5}),
        reporting_line_ids=frozenset({7}),
        certified_ids=frozenset({9, 7, 5, 1}),
        bar_raiser_loops_this_week={9: 1},
        bar_raiser_cap=2,
        principle_names=NAMES,
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def _messages(facts: hiring.LoopFacts) -> list[str]:
    return [p.message for p in hiring.loop_problems(facts)]


def test_a_sound_loop_has_no_problems() -> None:
    assert hiring.loop_problems(_facts()) == []


def test_size_limits() -> None:
    facts = _facts()
    few = replace(facts, seats=facts.seats[:3])
    assert any("it has 3. Add 1 more" in m for m in _messages(few))
    many = replace(
        facts,
        seats=[*facts.seats, *[_seat(20 + i, ("ownership",), 4 + i) for i in range(4)]],
    )
    problems = hiring.loop_problems(many)
    assert problems[0].field == "interviewers"
    assert "it has 8. Remove 1" in problems[0].message


def test_bar_raiser_missing_or_doubled() -> None:
    facts = _facts()
    none = replace(facts, seats=[replace(s, is_bar_raiser=False) for s in facts.seats])
    problems = hiring.loop_problems(none)
    assert [p.field for p in problems] == ["bar_raiser"]
    assert "exactly one" in problems[0].message
    two = replace(
        facts, seats=[replace(s, is_bar_raiser=s.person_id in {3, 9}) for s in facts.seats]
    )
    assert any("P3, P9 are all marked" in m for m in _messages(two))


@pytest.mark.parametrize(
    ("br", "expected"),
    [
        (1, "is the hiring manager"),
        (5, "is in the hiring team"),
        (7, "reporting line"),
        (8, "not a certified Bar Raiser"),
    ],
)
def test_bar_raiser_must_be_certified_and_outside(br: int, expected: str) -> None:
    facts = _facts()
    seats = [s for s in facts.seats if s.person_id not in {9, br}]
    seats.append(_seat(br, ("customer-obsession", "dive-deep"), 3, br=True))
    seats.append(_seat(30, ("ownership",), 5))
    problems = hiring.loop_problems(replace(facts, seats=seats))
    assert [p.field for p in problems] == ["bar_raiser"]
    assert expected in problems[0].message
    assert f"P{br}" in problems[0].message


def test_bar_raiser_past_weekly_cap() -> None:
    messages = _messages(_facts(bar_raiser_loops_this_week={9: 2}))
    assert messages == [
        "P9 already has 2 loops this week, the cap for a Bar Raiser is 2; choose another "
        "Bar Raiser or move the loop to next week."
    ]


def test_principle_nobody_or_everybody_assesses() -> None:
    facts = _facts()
    seats = [
        replace(s, principles=tuple(p for p in s.principles if p != "dive-deep") or ("ownership",))
        for s in facts.seats
    ]
    assert (
        "Nobody assesses 'Dive Deep', one of the role's principles; assign it to an interviewer."
        in _messages(replace(facts, seats=seats))
    )
    everyone = [replace(s, principles=("ownership", *s.principles[:1])) for s in facts.seats]
    messages = _messages(replace(facts, seats=everyone))
    assert any(m.startswith("Every interviewer assesses 'Ownership'") for m in messages)


def test_principles_per_interviewer() -> None:
    facts = _facts()
    seats = list(facts.seats)
    seats[0] = replace(seats[0], principles=())
    seats[1] = replace(
        seats[1], principles=("dive-deep", "ownership", "bias-for-action", "customer-obsession")
    )
    seats[2] = replace(seats[2], principles=("frugality",))
    messages = _messages(replace(facts, seats=seats))
    assert "Give P1 at least 1 principle to assess." in messages
    assert any(m.startswith("P2 has 4 principles; assign at most 3") for m in messages)
    assert any("'frugality', which is not one of the role's principles" in m for m in messages)


def test_double_booking_and_times() -> None:
    facts = _facts()
    busy = hiring.Booking(
        2, DAY + timedelta(hours=1, minutes=30), DAY + timedelta(hours=2), "a loop for Ana"
    )
    assert _messages(replace(facts, bookings=[busy])) == [
        "P2 is booked twice at the same time: this interview (Mon 02 Mar 10:00) overlaps a "
        "loop for Ana. Move one of them."
    ]
    seats = list(facts.seats)
    seats[1] = replace(
        seats[1],
        starts_at=seats[0].starts_at + timedelta(minutes=30),
        ends_at=seats[0].ends_at + timedelta(minutes=30),
    )
    assert any(
        "candidate would be in two interviews at once" in m
        for m in _messages(replace(facts, seats=seats))
    )
    seats = list(facts.seats)
    seats[1] = replace(seats[1], ends_at=seats[1].starts_at)
    assert any("ends before it starts" in m for m in _messages(replace(facts, seats=seats)))
    seats = [
        *facts.seats[:3],
        replace(
            facts.seats[0], starts_at=DAY + timedelta(hours=5), ends_at=DAY + timedelta(hours=6)
        ),
        facts.seats[3],
    ]
    assert "P1 sits in the loop twice; give each seat to a different person." in _messages(
        replace(facts, seats=seats)
    )


def test_coverage_matrix() -> None:
    facts = _facts()
    seats = [
        *facts.seats[:3],
        replace(facts.seats[3], principles=("customer-obsession", "frugality")),
    ]
    matrix = hiring.coverage(replace(facts, seats=seats))
    assert matrix.interviewers == ("P1", "P2", "P3", "P9")
    rows = {row.principle: row for row in matrix.rows}
    assert [row.principle for row in matrix.rows] == [*ROLE, "frugality"]
    assert rows["customer-obsession"].assessed_by == (True, False, False, True)
    assert rows["customer-obsession"].count == 2
    assert rows["frugality"].status == "extra"
    assert rows["dive-deep"].status == "ok"


def _trainee_facts(**changes: object) -> hiring.LoopFacts:
    """P9 in the Bar Raiser seat is a trainee who shadowed three loops; P8 is certified."""
    facts = _facts(
        certified_ids=frozenset({7, 5, 1, 8}),
        trainee_shadowed={9: 3},
        shadow_loops=3,
        sign_off_id=8,
        sign_off_name="P8",
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def test_a_trainee_done_shadowing_leads_with_a_certified_sign_off() -> None:
    assert hiring.loop_problems(_trainee_facts()) == []


def test_a_trainee_still_shadowing_or_without_a_sign_off_is_refused() -> None:
    shadowing = hiring.loop_problems(_trainee_facts(trainee_shadowed={9: 1}))
    assert [p.field for p in shadowing] == ["bar_raiser"]
    assert "shadowed 1 of the 3 loops" in shadowing[0].message
    alone = hiring.loop_problems(_trainee_facts(sign_off_id=None, sign_off_name=""))
    assert [p.field for p in alone] == ["sign_off"]
    assert "name a certified Bar Raiser to sign off" in alone[0].message


@pytest.mark.parametrize(
    ("sign_off", "words"),
    [
        (9, "cannot also sign it off"),
        (3, "not a certified Bar Raiser"),
        (1, "is the hiring manager"),
        (5, "is in the hiring team"),
        (7, "reporting line"),
    ],
)
def test_the_sign_off_is_certified_and_independent(sign_off: int, words: str) -> None:
    problems = hiring.loop_problems(_trainee_facts(sign_off_id=sign_off, sign_off_name="X"))
    assert problems
    assert all(p.field == "sign_off" for p in problems)
    assert any(words in p.message for p in problems)


def test_a_certified_bar_raiser_leads_without_a_sign_off() -> None:
    problems = hiring.loop_problems(_facts(sign_off_id=7, sign_off_name="P7"))
    assert [p.field for p in problems] == ["sign_off"]
    assert "leads the loop alone" in problems[0].message


def test_the_sign_off_is_held_to_the_weekly_cap() -> None:
    assert hiring.loop_problems(_trainee_facts(bar_raiser_loops_this_week={8: 1})) == []
    problems = hiring.loop_problems(
        _trainee_facts(bar_raiser_loops_this_week={9: 0, 8: 2}, sign_off_cap=2)
    )
    assert [(p.field, p.message) for p in problems] == [
        (
            "sign_off",
            "P8 already has 2 loops this week, led or signed off, and the cap for a Bar Raiser "
            "is 2; name another certified Bar Raiser to sign off, or move the loop to next week.",
        )
    ]
