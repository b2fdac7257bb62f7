"""A Bar Raiser's veto holds in Decisions: only an escalation recorded there overrides it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dayone.server.decisions import services as decisions
from dayone.server.decisions.enums import StanceKind, Status
from dayone.server.hiring import services
from dayone.server.hiring.enums import LoopOutcome, Stage

pytestmark = pytest.mark.django_db

RATIONALE = "Three of four interviewers found ownership with numbers behind it."
VETO = "No example showed ownership beyond the assigned tasks"


def _close(world, *, veto: str):
    loop = world.plan()
    for person in [*world.interviewers, world.raiser]:
        world.submit(person, loop)
    services.debrief_close(
        actor=world.raiser,
        loop=loop,
        outcome=LoopOutcome.NO_HIRE if veto else LoopOutcome.HIRE,
        rationale=RATIONALE,
        veto_reason=veto,
    )
    loop.refresh_from_db()
    decision = loop.decision
    decisions.stance_record(actor=world.admin, decision=decision, kind=StanceKind.AGREE)
    return loop, decision, {o.label: o for o in decision.options.all()}


def test_a_vetoed_hire_cannot_be_decided_without_an_escalation(client, world):
    loop, decision, options = _close(world, veto=VETO)
    with pytest.raises(ValidationError) as caught:
        decisions.decision_decide(
            actor=world.manager, decision=decision, option=options["Hire"], rationale=RATIONALE
        )
    message = caught.value.message_dict["option"][0]
    assert VETO in message
    assert "Only an escalation can override a veto" in message
    # An option added to get around the veto is refused the same way.
    added = decisions.decision_option_add(
        actor=world.manager, decision=decision, label="Hire anyway", pros="", cons=""
    )
    with pytest.raises(ValidationError):
        decisions.decision_decide(
            actor=world.manager, decision=decision, option=added, rationale=RATIONALE
        )
    decision.refresh_from_db()
    assert decision.status == Status.OPEN
    client.force_login(world.manager)
    page = client.get(reverse("hiring:loop", args=[loop.pk])).content.decode()
    assert "The veto stands" in page
    assert "Veto overridden" not in page


def test_an_escalation_ruled_for_hire_overrides_the_veto(client, world):
    loop, decision, options = _close(world, veto=VETO)
    decisions.stance_record(
        actor=world.interviewers[1],
        decision=decision,
        kind=StanceKind.ESCALATE,
        objection="The veto rests on one interview; three found strong ownership.",
        escalate_to=world.director,
    )
    escalation = decision.escalations.get()
    decisions.escalation_resolve(
        actor=world.director,
        escalation=escalation,
        resolution="The evidence of three interviews outweighs one; hire.",
        option=options["Hire"],
    )
    decisions.decision_decide(
        actor=world.manager, decision=decision, option=options["Hire"], rationale=RATIONALE
    )
    decision.refresh_from_db()
    assert (decision.status, decision.chosen_option.label) == (Status.DECIDED, "Hire")
    client.force_login(world.manager)
    page = client.get(reverse("hiring:loop", args=[loop.pk])).content.decode()
    assert "Veto overridden by an escalation" in page
    assert str(world.director) in page
    assert "The evidence of three interviews outweighs one" in page


def test_a_ruling_for_no_hire_does_not_override(world):
    _, decision, options = _close(world, veto=VETO)
    decisions.stance_record(
        actor=world.interviewers[1],
        decision=decision,
        kind=StanceKind.ESCALATE,
        objection="The veto rests on one interview; three found strong ownership.",
        escalate_to=world.director,
    )
    decisions.escalation_resolve(
        actor=world.director,
        escalation=decision.escalations.get(),
        resolution="The veto's reason is sound: no hire.",
        option=options["No hire"],
    )
    with pytest.raises(ValidationError):
        decisions.decision_decide(
            actor=world.manager, decision=decision, option=options["Hire"], rationale=RATIONALE
        )


def test_without_a_veto_the_hiring_manager_decides_hire(world):
    _, decision, options = _close(world, veto="")
    decisions.decision_decide(
        actor=world.manager, decision=decision, option=options["Hire"], rationale=RATIONALE
    )
    decision.refresh_from_db()
    assert decision.status == Status.DECIDED


def _escalate(world, decision, options, *, ruling: str) -> None:
    decisions.stance_record(
        actor=world.interviewers[1],
        decision=decision,
        kind=StanceKind.ESCALATE,
        objection="The veto rests on one interview; three found strong ownership.",
        escalate_to=world.director,
    )
    decisions.escalation_resolve(
        actor=world.director,
        escalation=decision.escalations.get(),
        resolution="The evidence of three interviews outweighs one.",
        option=options[ruling],
    )


class TestOfferAfterVeto:
    def test_a_veto_overridden_for_hire_lets_the_declined_candidate_move_to_offer(
        self, client, world
    ):
        loop, decision, options = _close(world, veto=VETO)
        candidate = loop.candidate
        candidate.refresh_from_db()
        assert candidate.stage == Stage.DECLINED
        _escalate(world, decision, options, ruling="Hire")
        client.force_login(world.manager)
        url = reverse("hiring:candidate_stage", args=[candidate.pk])
        response = client.post(url, {"stage": Stage.OFFER}, follow=True)
        candidate.refresh_from_db()
        assert candidate.stage == Stage.OFFER
        page = response.content.decode()
        assert (
            f"Declined -&gt; Offer. {world.director} overrode the Bar Raiser&#x27;s veto." in page
        )
        services.candidate_set_stage(actor=world.manager, candidate=candidate, stage=Stage.HIRED)
        assert candidate.stage == Stage.HIRED

    @pytest.mark.parametrize("ruling", [None, "No hire"])
    def test_while_the_veto_stands_the_candidate_cannot_move_to_offer(self, client, world, ruling):
        loop, decision, options = _close(world, veto=VETO)
        if ruling is not None:
            _escalate(world, decision, options, ruling=ruling)
        candidate = loop.candidate
        candidate.refresh_from_db()
        with pytest.raises(ValidationError) as caught:
            services.candidate_set_stage(
                actor=world.manager, candidate=candidate, stage=Stage.OFFER
            )
        message = caught.value.message_dict["stage"][0]
        assert "the veto stands" in message
        assert "Escalate the veto to a leader" in message
        assert decision.question in message
        client.force_login(world.recruiter)
        url = reverse("hiring:candidate_stage", args=[candidate.pk])
        page = client.post(url, {"stage": Stage.OFFER}, follow=True).content.decode()
        assert "the veto stands, so Jo Park cannot move to offer" in page
        candidate.refresh_from_db()
        assert candidate.stage == Stage.DECLINED

    def test_a_no_hire_without_a_veto_stays_final(self, world):
        loop = world.plan()
        for person in [*world.interviewers, world.raiser]:
            world.submit(person, loop)
        services.debrief_close(
            actor=world.raiser, loop=loop, outcome=LoopOutcome.NO_HIRE, rationale=RATIONALE
        )
        candidate = loop.candidate
        candidate.refresh_from_db()
        with pytest.raises(ValidationError) as caught:
            services.candidate_set_stage(
                actor=world.manager, candidate=candidate, stage=Stage.OFFER
            )
        assert "the process is over" in caught.value.message_dict["stage"][0]
