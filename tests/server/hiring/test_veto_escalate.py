"""The hiring team escalates a Bar Raiser's veto from the candidate's page; Decisions keeps it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dayone.server.decisions import services as decisions
from dayone.server.decisions.models import Escalation
from dayone.server.hiring import services
from dayone.server.hiring.enums import EventKind, LoopOutcome, Stage

pytestmark = pytest.mark.django_db

RATIONALE = "Three of four interviewers found ownership with numbers behind it."
VETO = "No example showed ownership beyond the assigned tasks"
QUESTION = "Three interviewers found strong ownership with numbers; should one interview veto it?"


def _vetoed(world, *, veto: str = VETO):
    loop = world.plan()
    for person in [*world.interviewers, world.raiser]:
        world.submit(person, loop)
    services.debrief_close(
        actor=world.raiser,
        loop=loop,
        outcome=LoopOutcome.NO_HIRE,
        rationale=RATIONALE,
        veto_reason=veto,
    )
    loop.refresh_from_db()
    world.candidate.refresh_from_db()
    return loop


class TestVetoEscalate:
    @pytest.mark.parametrize("who", ["manager", "recruiter", "admin"])
    def test_the_hiring_team_escalates_and_a_ruling_for_hire_opens_the_offer(self, world, who):
        loop = _vetoed(world)
        escalation = services.veto_escalate(
            actor=getattr(world, who),
            candidate=world.candidate,
            question=QUESTION,
            leader=world.director,
        )
        assert (escalation.decision_id, escalation.leader, escalation.reason) == (
            loop.decision_id,
            world.director,
            QUESTION,
        )
        assert world.candidate.events.filter(kind=EventKind.ESCALATED).exists()
        options = {o.label: o for o in loop.decision.options.all()}
        decisions.escalation_resolve(
            actor=world.director,
            escalation=escalation,
            resolution="Three interviews of evidence outweigh one; hire.",
            option=options["Hire"],
        )
        services.candidate_set_stage(
            actor=world.manager, candidate=world.candidate, stage=Stage.OFFER
        )
        assert world.candidate.stage == Stage.OFFER

    @pytest.mark.parametrize("who", ["interviewers", "raiser", "team_member"])
    def test_nobody_else_escalates(self, world, who):
        _vetoed(world)
        person = getattr(world, who)
        person = person[0] if isinstance(person, list) else person
        with pytest.raises(PermissionDenied) as caught:
            services.veto_escalate(
                actor=person, candidate=world.candidate, question=QUESTION, leader=world.director
            )
        assert "Only the hiring manager, the recruiter or an admin escalates" in str(caught.value)
        assert not Escalation.objects.exists()

    def test_refusals_name_the_field(self, world):
        _vetoed(world)
        with pytest.raises(ValidationError) as caught:
            services.veto_escalate(
                actor=world.manager, candidate=world.candidate, question="", leader=world.raiser
            )
        errors = caught.value.message_dict
        assert "Write the question for the leader" in errors["question"][0]
        assert "is the Bar Raiser who vetoed" in errors["leader"][0]
        with pytest.raises(ValidationError) as caught:
            services.veto_escalate(
                actor=world.manager, candidate=world.candidate, question=QUESTION, leader=None
            )
        assert "Name the leader" in caught.value.message_dict["leader"][0]
        services.veto_escalate(
            actor=world.manager, candidate=world.candidate, question=QUESTION, leader=world.director
        )
        with pytest.raises(ValidationError) as caught:
            services.veto_escalate(
                actor=world.manager,
                candidate=world.candidate,
                question=QUESTION,
                leader=world.director,
            )
        assert "still open" in caught.value.message_dict["__all__"][0]
        assert Escalation.objects.count() == 1

    def test_without_a_veto_there_is_nothing_to_escalate(self, world):
        _vetoed(world, veto="")
        with pytest.raises(ValidationError) as caught:
            services.veto_escalate(
                actor=world.manager,
                candidate=world.candidate,
                question=QUESTION,
                leader=world.director,
            )
        assert "no veto to escalate" in caught.value.message_dict["__all__"][0]


class TestCandidatePage:
    def test_the_hiring_manager_escalates_from_the_candidate_page(self, client, world):
        loop = _vetoed(world)
        client.force_login(world.manager)
        url = reverse("hiring:candidate", args=[world.candidate.pk])
        page = client.get(url).content.decode()
        assert "The veto stands" in page
        assert "Escalate the veto" in page
        response = client.post(
            reverse("hiring:candidate_escalate", args=[world.candidate.pk]),
            {"leader": world.director.pk, "question": QUESTION},
        )
        assert response["Location"] == url
        escalation = Escalation.objects.get()
        assert (escalation.decision_id, escalation.raised_by) == (loop.decision_id, world.manager)
        page = client.get(url).content.decode()
        assert f"to <strong>{world.director}</strong>" in page
        assert QUESTION.replace("?", "") in page.replace("&#x27;", "'")
        assert f"escalated the Bar Raiser&#x27;s veto to {world.director}" in page

    def test_the_form_explains_what_is_missing_and_stores_nothing(self, client, world):
        _vetoed(world)
        client.force_login(world.recruiter)
        response = client.post(
            reverse("hiring:candidate_escalate", args=[world.candidate.pk]),
            {"leader": world.raiser.pk, "question": ""},
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Write the question for the leader" in page
        assert "is the Bar Raiser who vetoed" in page
        assert "<details open>" in page
        assert not Escalation.objects.exists()

    def test_only_the_hiring_team_sees_and_may_use_the_form(self, client, world):
        _vetoed(world)
        url = reverse("hiring:candidate_escalate", args=[world.candidate.pk])
        data = {"leader": world.director.pk, "question": QUESTION}
        client.force_login(world.interviewers[0])
        page = client.get(reverse("hiring:candidate", args=[world.candidate.pk])).content.decode()
        assert "The veto stands" in page
        assert "Escalate to the leader" not in page
        assert client.post(url, data).status_code == 403
        client.force_login(world.outsider)
        assert client.post(url, data).status_code == 404
        client.force_login(world.viewer)
        assert client.post(url, data).status_code in {403, 404}
        assert not Escalation.objects.exists()

    def test_an_overridden_veto_shows_who_overrode_it_and_no_form(self, client, world):
        loop = _vetoed(world)
        escalation = services.veto_escalate(
            actor=world.manager, candidate=world.candidate, question=QUESTION, leader=world.director
        )
        options = {o.label: o for o in loop.decision.options.all()}
        decisions.escalation_resolve(
            actor=world.director,
            escalation=escalation,
            resolution="Three interviews of evidence outweigh one; hire.",
            option=options["Hire"],
        )
        client.force_login(world.manager)
        page = client.get(reverse("hiring:candidate", args=[world.candidate.pk])).content.decode()
        assert "Veto overridden by an escalation" in page
        assert "Escalate to the leader" not in page
