"""Hiring writes: loops under the rules, feedback versions, the debrief and the programme."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dayone.server.core.models import AuditEntry
from dayone.server.decisions.enums import Door, Status
from dayone.server.hiring import services
from dayone.server.hiring.enums import BarRaiserStatus, LoopOutcome, Stage
from dayone.server.hiring.models import BarRaiser, Feedback
from dayone.server.teams import selectors as teams_selectors

pytestmark = pytest.mark.django_db


class TestLoopPlan:
    def test_plans_a_loop_and_moves_the_candidate(self, world):
        loop = world.plan()
        assert loop.interviews.count() == 4
        assert loop.interviews.get(is_bar_raiser=True).interviewer == world.raiser
        world.candidate.refresh_from_db()
        assert world.candidate.stage == Stage.LOOP
        assert [e.kind for e in world.candidate.events.all()] == ["added", "loop", "stage"]

    def test_refuses_a_bar_raiser_from_the_hiring_team(self, world):
        with pytest.raises(ValidationError) as caught:
            world.plan(raiser=world.team_member)
        assert "in the hiring team" in caught.value.message_dict["bar_raiser"][0]

    def test_refuses_the_hiring_manager_as_bar_raiser(self, world):
        with pytest.raises(ValidationError) as caught:
            world.plan(raiser=world.manager)
        assert "is the hiring manager" in caught.value.message_dict["bar_raiser"][0]

    def test_refuses_a_bar_raiser_in_the_managers_reporting_line(self, world):
        with pytest.raises(ValidationError) as caught:
            world.plan(raiser=world.director)
        assert "reporting line" in caught.value.message_dict["bar_raiser"][0]

    def test_refuses_a_bar_raiser_who_is_not_certified(self, world):
        with pytest.raises(ValidationError) as caught:
            world.plan(raiser=world.outsider)
        assert "not a certified Bar Raiser" in caught.value.message_dict["bar_raiser"][0]

    def test_refuses_a_bar_raiser_past_the_weekly_cap(self, world):
        BarRaiser.objects.filter(person=world.raiser).update(weekly_cap=1)
        world.plan()
        other = services.candidate_create(actor=world.recruiter, role=world.role, name="Al Ray")
        seats = world.seats(start=world.start + timedelta(hours=5))
        with pytest.raises(ValidationError) as caught:
            services.loop_plan(actor=world.manager, candidate=other, seats=seats)
        assert "cap for a Bar Raiser is 1" in " ".join(caught.value.message_dict["bar_raiser"])

    def test_refuses_an_interviewer_booked_twice(self, world):
        world.plan()
        other = services.candidate_create(actor=world.recruiter, role=world.role, name="Al Ray")
        seats = world.seats(start=world.start + timedelta(minutes=30))
        with pytest.raises(ValidationError) as caught:
            services.loop_plan(actor=world.manager, candidate=other, seats=seats)
        assert "booked twice" in " ".join(caught.value.message_dict["schedule"])

    def test_refuses_a_principle_nobody_assesses(self, world):
        seats = world.seats()
        seats[2] = services.SeatInput(
            interviewer=seats[2].interviewer,
            principles=[world.principles[2]],
            starts_at=seats[2].starts_at,
            ends_at=seats[2].ends_at,
        )
        seats[3] = services.SeatInput(
            interviewer=seats[3].interviewer,
            principles=[world.principles[0]],
            starts_at=seats[3].starts_at,
            ends_at=seats[3].ends_at,
            is_bar_raiser=True,
        )
        with pytest.raises(ValidationError) as caught:
            services.loop_plan(actor=world.manager, candidate=world.candidate, seats=seats)
        assert "Nobody assesses" in " ".join(caught.value.message_dict["principles"])

    def test_only_the_hiring_team_plans(self, world):
        with pytest.raises(PermissionDenied):
            services.loop_plan(actor=world.outsider, candidate=world.candidate, seats=world.seats())


class TestReportingLine:
    def test_the_line_runs_up_and_down(self, world):
        line = teams_selectors.reporting_line_ids(viewer=world.manager, person_id=world.manager.pk)
        assert world.director.pk in line
        assert world.team_member.pk in line
        assert world.raiser.pk not in line


class TestFeedback:
    def test_a_submission_needs_every_principle_rated_with_evidence(self, world):
        loop = world.plan()
        interview = loop.interviews.get(interviewer=world.interviewers[0])
        first = world.principles[0]
        with pytest.raises(ValidationError) as caught:
            services.feedback_submit(
                actor=world.interviewers[0],
                interview=interview,
                overall="inclined",
                raises_bar=True,
                raises_bar_reason="ok",
                ratings={first.pk: services.RatingInput("inclined", "")},
                at=world.start + timedelta(hours=3),
            )
        errors = caught.value.message_dict
        assert f"evidence_{first.pk}" in errors
        assert f"rating_{world.principles[1].pk}" in errors
        assert "raises_bar_reason" in errors
        assert not Feedback.objects.exists()

    def test_there_is_no_middle(self, world):
        loop = world.plan()
        interview = loop.interviews.get(interviewer=world.interviewers[0])
        with pytest.raises(ValidationError) as caught:
            services.feedback_submit(
                actor=world.interviewers[0],
                interview=interview,
                overall="neutral",
                raises_bar=True,
                raises_bar_reason="She did better than half of the team today.",
                ratings={},
                at=world.start + timedelta(hours=3),
            )
        assert "no middle" in caught.value.message_dict["overall"][0]

    def test_feedback_before_the_interview_is_refused(self, world):
        loop = world.plan()
        with pytest.raises(ValidationError) as caught:
            world.submit(world.interviewers[0], loop, at=world.start - timedelta(hours=1))
        assert "after it has happened" in caught.value.messages[0]

    def test_feedback_for_a_loop_one_is_not_in_is_refused(self, world):
        loop = world.plan()
        interview = loop.interviews.get(interviewer=world.interviewers[0])
        with pytest.raises(PermissionDenied):
            services.feedback_submit(
                actor=world.outsider,
                interview=interview,
                overall="inclined",
                raises_bar=True,
                raises_bar_reason="x",
                ratings={},
            )

    def test_submitted_twice_stores_one_version(self, world):
        loop = world.plan()
        first = world.submit(world.interviewers[0], loop)
        again = world.submit(world.interviewers[0], loop)
        assert first.pk == again.pk
        assert Feedback.objects.count() == 1

    def test_a_change_after_reading_is_a_flagged_version(self, world):
        loop = world.plan()
        person = world.interviewers[0]
        world.submit(person, loop, overall="inclined")
        interview = loop.interviews.get(interviewer=person)
        services.feedback_mark_read(actor=person, interview=interview)
        changed = world.submit(person, loop, overall="not_inclined")
        assert (changed.version, changed.after_reading, changed.overall) == (2, True, 2)

    def test_the_audit_log_keeps_no_feedback_words(self, world):
        loop = world.plan()
        world.submit(world.interviewers[0], loop, evidence="Led the migration of 40 services.")
        entries = AuditEntry.objects.filter(action="feedback.submit")
        assert entries.count() == 1
        assert "migration" not in str(entries.get().after)
        assert not AuditEntry.objects.filter(target_repr__contains="Jo Park").exists()


class TestDebrief:
    def _all_in(self, world):
        loop = world.plan()
        for person in world.interviewers:
            world.submit(person, loop)
        world.submit(world.raiser, loop, overall="not_inclined")
        return loop

    def test_only_the_bar_raiser_closes_it(self, world):
        loop = self._all_in(world)
        with pytest.raises(PermissionDenied):
            services.debrief_close(
                actor=world.manager, loop=loop, outcome="hire", rationale="Strong across the board."
            )

    def test_waits_for_all_feedback_unless_the_bar_raiser_says_why(self, world):
        loop = world.plan()
        world.submit(world.raiser, loop)
        with pytest.raises(ValidationError) as caught:
            services.debrief_close(
                actor=world.raiser,
                loop=loop,
                outcome="hire",
                rationale="Every interviewer saw ownership with numbers behind it.",
            )
        assert "still missing" in caught.value.message_dict["without_all_feedback"][0]

    def test_records_a_one_way_door_decision_linked_both_ways(self, world):
        loop = self._all_in(world)
        services.debrief_close(
            actor=world.raiser,
            loop=loop,
            outcome=LoopOutcome.HIRE,
            rationale="Every interviewer saw ownership, with numbers behind each example.",
        )
        loop.refresh_from_db()
        decision = loop.decision
        assert decision.door == Door.ONE_WAY
        assert decision.status == Status.OPEN
        assert decision.decider == world.manager
        link = decision.links.get()
        assert link.ref == services.loop_ref(loop)
        assert link.url == f"/hiring/loops/{loop.pk}/"
        world.candidate.refresh_from_db()
        assert world.candidate.stage == Stage.OFFER

    def test_a_veto_needs_a_reason_and_is_a_no_hire(self, world):
        loop = self._all_in(world)
        with pytest.raises(ValidationError) as caught:
            services.debrief_close(
                actor=world.raiser,
                loop=loop,
                outcome=LoopOutcome.HIRE,
                rationale="The team wants to hire, the interviewers leaned yes.",
                veto_reason="No example showed ownership beyond the assigned tasks.",
            )
        assert "veto makes the outcome" in caught.value.message_dict["veto_reason"][0]
        services.debrief_close(
            actor=world.raiser,
            loop=loop,
            outcome=LoopOutcome.NO_HIRE,
            rationale="The team wants to hire, the interviewers leaned yes.",
            veto_reason="No example showed ownership beyond the assigned tasks.",
        )
        loop.refresh_from_db()
        assert loop.vetoed
        assert "vetoed" in loop.decision.context


class TestProgramme:
    def test_nominate_train_and_certify_after_shadowing(self, world):
        raiser = services.bar_raiser_nominate(actor=world.director, person=world.outsider)
        services.bar_raiser_advance(actor=world.director, raiser=raiser)
        with pytest.raises(ValidationError) as caught:
            services.bar_raiser_advance(actor=world.director, raiser=raiser)
        assert "shadowed 0 of the 3" in caught.value.message_dict["status"][0]
        services.hiring_settings()
        type(services.hiring_settings()).objects.update(shadow_loops=0, led_loops=0)
        raiser = services.bar_raiser_advance(actor=world.director, raiser=raiser)
        assert raiser.status == BarRaiserStatus.CERTIFIED

    def test_only_leaders_nominate(self, world):
        with pytest.raises(PermissionDenied):
            services.bar_raiser_nominate(actor=world.outsider, person=world.team_member)
