"""The careful path holds on every write: reviewers, stances, escalations and their rulings."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dayone.server.core.enums import Role
from dayone.server.decisions import services
from dayone.server.decisions.enums import Door, StanceKind, Status
from dayone.server.decisions.models import Escalation
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_one_way_door_without_reviewers_is_refused_and_its_owner_cannot_decide_it_alone(
    propose, decider, reviewer
):
    from dayone.server.decisions.models import DecisionSettings

    DecisionSettings.objects.get().reviewers.set([decider])
    with pytest.raises(ValidationError, match="its owner alone cannot decide it") as caught:
        propose(door=Door.ONE_WAY)
    assert "door" in caught.value.message_dict
    DecisionSettings.objects.get().reviewers.set([reviewer])
    decision = propose(door=Door.ONE_WAY)
    decision.reviewers.clear()  # the reviewers were removed after the proposal
    with pytest.raises(ValidationError, match="its owner alone cannot decide it"):
        services.decision_decide(
            actor=decider,
            decision=decision,
            option=decision.options.first(),
            rationale="The lease is cheap right now, and rents rise in spring.",
        )
    decision.refresh_from_db()
    assert decision.status == Status.OPEN


def test_no_stance_after_the_decision(propose, decider, stakeholder):
    decision = propose()
    services.decision_decide(actor=decider, decision=decision, option=decision.options.first())
    with pytest.raises(ValidationError, match="stances are heard before the decision"):
        services.stance_record(actor=stakeholder, decision=decision, kind=StanceKind.AGREE)
    assert not decision.stances.exists()


def test_an_escalation_cannot_go_to_someone_who_cannot_resolve_it(propose, stakeholder):
    viewer = UserFactory(username="vic", first_name="Vic", last_name="Viewer", role=Role.VIEWER)
    decision = propose()
    with pytest.raises(ValidationError, match="Vic Viewer can only read") as caught:
        services.stance_record(
            actor=stakeholder,
            decision=decision,
            kind=StanceKind.ESCALATE,
            objection="Retail and Catalog want opposite things this quarter.",
            escalate_to=viewer,
        )
    assert "escalate_to" in caught.value.message_dict
    assert not Escalation.objects.exists()


def test_the_resolution_of_an_escalation_binds_the_decision(propose, stakeholder, leader, decider):
    decision = propose()
    services.stance_record(
        actor=stakeholder,
        decision=decision,
        kind=StanceKind.ESCALATE,
        objection="Retail and Catalog want opposite things this quarter.",
        escalate_to=leader,
    )
    lower, keep = list(decision.options.all())
    escalation = Escalation.objects.get()
    with pytest.raises(ValidationError) as caught:
        services.escalation_resolve(
            actor=leader, escalation=escalation, resolution="Keep the price.", option=None
        )
    assert set(caught.value.message_dict) == {"resolution", "option"}
    services.escalation_resolve(
        actor=leader,
        escalation=escalation,
        resolution="We keep $35 because the margin goal wins this quarter.",
        option=keep,
    )
    with pytest.raises(
        ValidationError, match="Lee Leader resolved the escalation for 'Keep \\$35'"
    ):
        services.decision_decide(actor=decider, decision=decision, option=lower)
    services.decision_decide(actor=decider, decision=decision, option=keep)
    decision.refresh_from_db()
    assert decision.chosen_option == keep


def test_a_reason_of_one_character_is_refused_with_what_is_missing(propose, decider, reviewer):
    decision = propose(door=Door.ONE_WAY)
    services.stance_record(actor=reviewer, decision=decision, kind=StanceKind.AGREE)
    with pytest.raises(ValidationError, match="write at least 20") as caught:
        services.decision_decide(
            actor=decider, decision=decision, option=decision.options.first(), rationale="."
        )
    assert "rationale" in caught.value.message_dict
    with pytest.raises(ValidationError, match="at least one full sentence"):
        services.decision_decide(
            actor=decider,
            decision=decision,
            option=decision.options.first(),
            rationale="Cost. Speed. Control. Margin.",
        )


def test_a_leader_with_an_open_escalation_or_a_pending_review_is_not_made_a_viewer(
    propose, stakeholder, leader, reviewer, admin
):
    from dayone.server.core import services as core_services

    decision = propose()
    services.stance_record(
        actor=stakeholder,
        decision=decision,
        kind=StanceKind.ESCALATE,
        objection="Retail and Catalog want opposite things this quarter.",
        escalate_to=leader,
    )
    with pytest.raises(ValidationError, match="Lee Leader has an open escalation") as caught:
        core_services.user_set_role(actor=admin, user=leader, role=Role.VIEWER)
    assert "role" in caught.value.message_dict
    propose(door=Door.ONE_WAY, question="Do we sign the ten-year lease in Atlanta?")
    with pytest.raises(ValidationError, match="Rae Reviewer reviews the one-way door"):
        core_services.user_set_role(actor=admin, user=reviewer, role=Role.VIEWER)
    services.escalation_resolve(
        actor=leader,
        escalation=Escalation.objects.get(),
        resolution="We keep $35 because the margin goal wins this quarter.",
        option=decision.options.last(),
    )
    core_services.user_set_role(actor=admin, user=leader, role=Role.VIEWER)
    leader.refresh_from_db()
    assert leader.role == Role.VIEWER
