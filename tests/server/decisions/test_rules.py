"""The door policy on its own: plain facts in, rules out, no database."""

from __future__ import annotations

from dayone.server.decisions import rules
from dayone.server.decisions.enums import Door, StanceKind, Status


def facts(**overrides):
    data = {
        "door": Door.ONE_WAY,
        "status": Status.OPEN,
        "decider_id": 1,
        "decider_name": "Dora Decider",
        "reviewers": [rules.Reviewer(2, "Rae Reviewer"), rules.Reviewer(3, "Ann Auditor")],
        "stances": {},
        "open_escalations": (),
    }
    data.update(overrides)
    return rules.DoorFacts(**data)


def test_a_one_way_door_waits_for_every_reviewer_in_name_order():
    blockers = rules.decide_blockers(facts(stances={2: StanceKind.ESCALATE}))
    assert blockers == [rules.REVIEWERS_MISSING.format(names="Ann Auditor, Rae Reviewer")]
    done = {2: StanceKind.AGREE, 3: StanceKind.DISAGREE_COMMIT}
    assert rules.decide_blockers(facts(stances=done)) == []


def test_a_two_way_door_is_blocked_only_by_open_escalations():
    assert rules.decide_blockers(facts(door=Door.TWO_WAY)) == []
    blocked = rules.decide_blockers(facts(door=Door.TWO_WAY, open_escalations=["Lee Leader"]))
    assert blocked == ["Resolve the open escalation to Lee Leader first."]


def test_closed_decisions_have_no_blockers_and_only_the_decider_decides_open_ones():
    assert rules.decide_blockers(facts(status=Status.DECIDED)) == []
    assert rules.may_decide(actor_id=1, actor_can_write=True, facts=facts())
    assert not rules.may_decide(actor_id=2, actor_can_write=True, facts=facts())
    assert not rules.may_decide(actor_id=1, actor_can_write=False, facts=facts())
    assert not rules.may_decide(actor_id=1, actor_can_write=True, facts=facts(status="decided"))


def test_one_way_doors_need_a_rationale_and_a_later_review():
    assert rules.rationale_required(Door.ONE_WAY)
    assert not rules.rationale_required(Door.TWO_WAY)
    assert rules.review_after_days(Door.ONE_WAY) == 90
    assert rules.review_after_days(Door.TWO_WAY) == 30
