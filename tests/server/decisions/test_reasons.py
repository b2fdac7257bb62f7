"""One rule of substance for every written reason: "." is refused on each, naming the field and
saying what is missing (at least 20 characters, then at least one full sentence)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dayone.server.decisions import services
from dayone.server.decisions.enums import Door, StanceKind
from dayone.server.decisions.models import Escalation
from dayone.server.documents import services as document_services
from dayone.server.documents.enums import DocumentKind, ReviewOutcome
from dayone.server.goals import services as goal_services
from dayone.server.goals.enums import ReviewStatus
from dayone.server.teams import services as org_services
from tests.server.documents.conftest import NARRATIVE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

FRAGMENTS = "Cost. Speed. Control. Margin. Risk."
"""Long enough, but no sentence in it: fragments are no reason either."""


def refused(field, write):
    """``write(".")`` and ``write(FRAGMENTS)`` are refused on ``field`` with what is missing."""
    with pytest.raises(ValidationError) as short:
        write(".")
    assert "write at least 20" in " ".join(short.value.message_dict[field])
    with pytest.raises(ValidationError) as fragments:
        write(FRAGMENTS)
    assert "at least one full sentence" in " ".join(fragments.value.message_dict[field])


def test_the_rationale_of_a_one_way_door_and_the_review_of_a_decision(propose, decider, reviewer):
    one_way = propose(door=Door.ONE_WAY)
    services.stance_record(actor=reviewer, decision=one_way, kind=StanceKind.AGREE)
    option = one_way.options.first()
    refused(
        "rationale",
        lambda text: services.decision_decide(
            actor=decider, decision=one_way, option=option, rationale=text
        ),
    )
    two_way = propose(question="Do we try a new carrier for Alaska?")
    services.decision_decide(actor=decider, decision=two_way, option=two_way.options.first())
    refused(
        "note",
        lambda text: services.review_record(
            actor=decider, decision=two_way, outcome="right", note=text
        ),
    )


def test_the_reasons_while_a_decision_is_open(propose, member, stakeholder, leader):
    decision = propose()
    refused(
        "reason",
        lambda text: services.decision_postpone(
            actor=member,
            decision=decision,
            decide_by=timezone.localdate() + timedelta(days=30),
            reason=text,
        ),
    )
    refused(
        "reason",
        lambda text: services.decision_withdraw(actor=member, decision=decision, reason=text),
    )
    refused(
        "objection",
        lambda text: services.stance_record(
            actor=stakeholder,
            decision=decision,
            kind=StanceKind.DISAGREE_COMMIT,
            objection=text,
            commitment="I disagree and commit.",
        ),
    )
    services.stance_record(
        actor=stakeholder,
        decision=decision,
        kind=StanceKind.ESCALATE,
        objection="Retail and Catalog want opposite things this quarter.",
        escalate_to=leader,
    )
    escalation = Escalation.objects.get()
    refused(
        "resolution",
        lambda text: services.escalation_resolve(
            actor=leader, escalation=escalation, resolution=text, option=decision.options.first()
        ),
    )


def test_the_reasons_of_a_review(member):
    document = document_services.document_create(
        actor=member, kind=DocumentKind.NARRATIVE, title="A fourth warehouse", body=NARRATIVE
    )
    review = document_services.review_schedule(
        actor=member, document=document, scheduled_for=timezone.now(), readers=[member]
    )
    refused(
        "outcome_note",
        lambda text: document_services.review_outcome_record(
            actor=member, review=review, outcome=ReviewOutcome.ITERATE, note=text
        ),
    )
    document_services.review_reading_done(actor=member, review=review)
    document_services.comment_add(actor=member, document=document, body="What does it cost?")
    items = document_services.rules.open_items(document_services.review_go_facts(review))
    assert items, "the narrative has open items to waive"
    key = next(iter(items))
    waived = dict.fromkeys(items, "The owner settles this in the next version.")
    refused(
        f"waive_{key}",
        lambda text: document_services.review_outcome_record(
            actor=member,
            review=review,
            outcome=ReviewOutcome.GO,
            note="Customers asked for it in 41 interviews.",
            waivers={**waived, key: text},
        ),
    )


def test_the_reasons_of_a_goal(member):
    team = org_services.team_create(actor=member, name="Fulfilment", leader=member)
    goal = goal_services.goal_create(
        actor=member,
        text="Deliver 92% of shipments within two days by the end of the quarter",
        owner=member,
        team=team,
        due_on=timezone.localdate() + timedelta(days=60),
        metric_key="two_day_delivery_rate",
        target=0.92,
    )
    note = "Two-day delivery is at 91% this month, one point short."
    refused(
        "note",
        lambda text: goal_services.goal_review_add(
            actor=member, goal=goal, status=ReviewStatus.GREEN, note=text
        ),
    )
    for status in (ReviewStatus.YELLOW, ReviewStatus.RED):
        refused(
            "plan",
            lambda text, status=status: goal_services.goal_review_add(
                actor=member, goal=goal, status=status, note=note, plan=text
            ),
        )
    refused(
        "judged_by",
        lambda text: goal_services.goal_create(
            actor=member,
            text="Open the Atlanta warehouse by the end of the quarter",
            owner=member,
            team=team,
            due_on=timezone.localdate() + timedelta(days=60),
            judged_by=text,
        ),
    )
    refused(
        "outcome_note",
        lambda text: goal_services.goal_withdraw(actor=member, goal=goal, note=text),
    )
