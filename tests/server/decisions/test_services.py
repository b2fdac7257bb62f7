from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dayone.server.core.models import AuditEntry
from dayone.server.decisions import selectors, services
from dayone.server.decisions.enums import (
    Door,
    EventKind,
    Outcome,
    SourceKind,
    StanceKind,
    Status,
    SupersedeKind,
)
from dayone.server.decisions.models import Decision, Escalation, Notification, Stance
from dayone.server.decisions.services import OptionInput
from tests.server.decisions.conftest import OPTIONS
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


class TestDecisionCreate:
    def test_creates_options_stakeholders_history_audit_and_notifications(
        self, propose, member, decider, stakeholder, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            decision = propose()
        assert decision.status == Status.OPEN
        assert [o.label for o in decision.options.all()] == ["Lower to $25", "Keep $35"]
        assert list(decision.stakeholders.all()) == [stakeholder]
        assert decision.proposed_by == member
        assert decision.events.get().kind == EventKind.PROPOSED
        assert AuditEntry.objects.filter(action="decision.create", target_id=str(decision.pk))
        recipients = set(Notification.objects.values_list("recipient__username", flat=True))
        assert recipients == {"dora", "sam"}
        assert sorted(m.to[0] for m in mail.outbox) == [decider.email, stakeholder.email]
        assert "decide by" in mail.outbox[0].subject or "stance" in mail.outbox[0].subject

    def test_missing_door_past_date_bad_percentage_and_one_option_are_refused(self, propose):
        with pytest.raises(ValidationError) as caught:
            propose(
                door="",
                decide_by=timezone.localdate() - timedelta(days=1),
                information_pct=120,
                question=" ",
            )
        errors = messages_of(caught.value)
        assert "door type" in errors["door"][0]
        assert "past" in errors["decide_by"][0]
        assert "0 to 100" in errors["information_pct"][0]
        assert "question" in errors
        with pytest.raises(ValidationError, match="at least two options"):
            propose(options=[OptionInput("Only one")])
        with pytest.raises(ValidationError, match="appears twice"):
            propose(options=[OptionInput("Same"), OptionInput("same")])
        assert not Decision.objects.exists()

    def test_viewers_cannot_propose(self, propose, viewer):
        with pytest.raises(PermissionDenied):
            propose(actor=viewer)

    def test_one_way_doors_copy_the_company_reviewers_but_not_the_decider(
        self, propose, admin, decider, leader
    ):
        services.decision_settings_update(
            actor=admin,
            reviewers=[leader, decider],
            information_target_pct=70,
            escalation_hours=48,
            exhaustion_rounds=3,
        )
        one_way = propose(door=Door.ONE_WAY)
        assert list(one_way.reviewers.all()) == [leader]
        assert not propose(door=Door.TWO_WAY).reviewers.exists()


class TestDecide:
    def test_two_way_door_is_decided_at_once_by_the_decider_alone(self, propose, decider):
        decision = propose()
        option = decision.options.first()
        services.decision_decide(actor=decider, decision=decision, option=option)
        decision.refresh_from_db()
        assert decision.status == Status.DECIDED
        assert decision.chosen_option == option
        assert decision.review_on == timezone.localdate() + timedelta(days=30)

    def test_only_the_decider_decides(self, propose, member, admin):
        decision = propose()
        for someone in (member, admin):
            with pytest.raises(PermissionDenied, match="Only the decider"):
                services.decision_decide(
                    actor=someone, decision=decision, option=decision.options.first()
                )

    def test_one_way_door_waits_for_every_reviewer_and_needs_a_rationale(
        self, propose, admin, decider, leader
    ):
        services.decision_settings_update(
            actor=admin,
            reviewers=[leader],
            information_target_pct=70,
            escalation_hours=48,
            exhaustion_rounds=3,
        )
        decision = propose(door=Door.ONE_WAY)
        option = decision.options.first()
        with pytest.raises(ValidationError) as caught:
            services.decision_decide(actor=decider, decision=decision, option=option)
        assert "rationale" in caught.value.message_dict
        with pytest.raises(ValidationError, match="Still waiting for: Lee Leader"):
            services.decision_decide(
                actor=decider,
                decision=decision,
                option=option,
                rationale="The lease is cheap right now.",
            )
        services.stance_record(actor=leader, decision=decision, kind=StanceKind.AGREE)
        services.decision_decide(
            actor=decider,
            decision=decision,
            option=option,
            rationale="The lease is cheap right now.",
        )
        decision.refresh_from_db()
        assert decision.status == Status.DECIDED
        assert decision.review_on == timezone.localdate() + timedelta(days=90)

    def test_decided_records_cannot_change(self, propose, decider, member, stakeholder):
        decision = propose()
        options = list(decision.options.all())
        services.decision_decide(actor=decider, decision=decision, option=options[0])
        with pytest.raises(ValidationError, match="cannot change"):
            services.decision_decide(actor=decider, decision=decision, option=options[1])
        with pytest.raises(ValidationError, match="cannot change"):
            services.decision_update(actor=member, decision=decision, context="rewritten")
        with pytest.raises(ValidationError, match="cannot change"):
            services.decision_postpone(
                actor=member,
                decision=decision,
                decide_by=timezone.localdate() + timedelta(days=30),
                reason="x",
            )
        with pytest.raises(ValidationError, match="cannot change"):
            services.decision_option_add(actor=stakeholder, decision=decision, label="Third")

    def test_option_of_another_decision_and_review_date_before_decision_are_refused(
        self, propose, decider
    ):
        first, second = propose(), propose(question="Another?")
        with pytest.raises(ValidationError) as caught:
            services.decision_decide(actor=decider, decision=first, option=second.options.first())
        assert "option" in caught.value.message_dict
        with pytest.raises(ValidationError) as caught:
            services.decision_decide(
                actor=decider,
                decision=first,
                option=first.options.first(),
                review_on=timezone.localdate(),
            )
        assert "review_on" in caught.value.message_dict

    def test_deciding_past_the_information_target_is_flagged_slow(self, propose, decider):
        decision = propose()
        services.decision_decide(
            actor=decider, decision=decision, option=decision.options.first(), information_pct=90
        )
        row = selectors.decision_list(viewer=decider).get(pk=decision.pk)
        flags = {
            f.key for f in selectors.decision_flags(row, company=selectors.decision_settings_get())
        }
        assert "slow" in flags
        assert list(selectors.decision_list(viewer=decider, flag="slow")) == [row]


class TestStances:
    def test_disagree_and_commit_needs_the_objection_and_the_commitment(self, propose, stakeholder):
        decision = propose()
        with pytest.raises(ValidationError) as caught:
            services.stance_record(
                actor=stakeholder, decision=decision, kind=StanceKind.DISAGREE_COMMIT
            )
        assert set(caught.value.message_dict) == {"objection", "commitment"}
        stance = services.stance_record(
            actor=stakeholder,
            decision=decision,
            kind=StanceKind.DISAGREE_COMMIT,
            objection="Margin hit is larger than modelled.",
            commitment="I disagree and commit.",
        )
        assert stance.commitment == "I disagree and commit."

    def test_only_stakeholders_record_their_own_stance(self, propose, member, viewer, decider):
        decision = propose()
        for someone in (member, decider):
            with pytest.raises(PermissionDenied, match="stakeholders"):
                services.stance_record(actor=someone, decision=decision, kind=StanceKind.AGREE)
        decision.stakeholders.add(viewer)
        with pytest.raises(PermissionDenied):
            services.stance_record(actor=viewer, decision=decision, kind=StanceKind.AGREE)

    def test_a_new_stance_keeps_the_old_one_and_counts_a_round(self, propose, stakeholder):
        decision = propose()
        services.stance_record(actor=stakeholder, decision=decision, kind=StanceKind.AGREE)
        services.stance_record(
            actor=stakeholder,
            decision=decision,
            kind=StanceKind.DISAGREE_COMMIT,
            objection="New data changed my view of this.",
            commitment="I commit.",
        )
        assert Stance.objects.filter(decision=decision).count() == 2
        decision.refresh_from_db()
        assert decision.rounds == 1
        current = services.current_stances(decision)
        assert current[stakeholder.pk].kind == StanceKind.DISAGREE_COMMIT

    def test_escalation_needs_a_leader_not_oneself(self, propose, stakeholder):
        decision = propose()
        with pytest.raises(ValidationError) as caught:
            services.stance_record(
                actor=stakeholder, decision=decision, kind=StanceKind.ESCALATE, objection="No."
            )
        assert "Name the leader" in caught.value.message_dict["escalate_to"][0]
        with pytest.raises(ValidationError, match="someone else"):
            services.stance_record(
                actor=stakeholder,
                decision=decision,
                kind=StanceKind.ESCALATE,
                objection="No.",
                escalate_to=stakeholder,
            )
        assert not Escalation.objects.exists()

    def test_escalation_starts_a_clock_blocks_the_decision_and_is_resolved_by_the_leader(
        self, propose, stakeholder, leader, decider, member
    ):
        decision = propose()
        services.stance_record(
            actor=stakeholder,
            decision=decision,
            kind=StanceKind.ESCALATE,
            objection="Finance and Retail want different things.",
            escalate_to=leader,
        )
        escalation = Escalation.objects.get()
        assert escalation.due_at - escalation.raised_at == timedelta(hours=48)
        assert Notification.objects.filter(recipient=leader).exists()
        with pytest.raises(ValidationError, match="escalation to Lee Leader"):
            services.decision_decide(
                actor=decider, decision=decision, option=decision.options.first()
            )
        with pytest.raises(ValidationError, match="still open"):
            services.stance_record(
                actor=stakeholder,
                decision=decision,
                kind=StanceKind.ESCALATE,
                objection="We are still misaligned on the goals.",
                escalate_to=leader,
            )
        with pytest.raises(PermissionDenied, match="Lee Leader"):
            services.escalation_resolve(
                actor=member, escalation=escalation, resolution="Go.", option=None
            )
        with pytest.raises(ValidationError) as caught:
            services.escalation_resolve(
                actor=leader, escalation=escalation, resolution=" ", option=None
            )
        assert "resolution" in caught.value.message_dict
        services.escalation_resolve(
            actor=leader,
            escalation=escalation,
            resolution="Retail's goal wins this quarter.",
            option=decision.options.first(),
        )
        services.decision_decide(actor=decider, decision=decision, option=decision.options.first())
        with pytest.raises(ValidationError, match="already resolved"):
            services.escalation_resolve(
                actor=leader, escalation=escalation, resolution="Again.", option=None
            )

    def test_overdue_escalations_are_listed(self, propose, stakeholder, leader):
        decision = propose()
        past = timezone.now() - timedelta(days=5)
        services.stance_record(
            actor=stakeholder,
            decision=decision,
            kind=StanceKind.ESCALATE,
            objection="Our goals are misaligned here.",
            escalate_to=leader,
            at=past,
        )
        overdue = list(selectors.escalation_list(viewer=leader, overdue_only=True))
        assert [e.decision for e in overdue] == [decision]
        queue = selectors.person_queue(viewer=leader, person_id=leader.pk)
        assert queue.escalations == overdue


class TestExhaustion:
    def test_postponements_and_changed_stances_are_rounds_and_flag_exhaustion(
        self, propose, member, stakeholder
    ):
        decision = propose()
        today = timezone.localdate()
        with pytest.raises(ValidationError) as caught:
            services.decision_postpone(
                actor=member, decision=decision, decide_by=today + timedelta(days=9), reason=""
            )
        assert "reason" in caught.value.message_dict
        with pytest.raises(ValidationError) as caught:
            services.decision_postpone(
                actor=member, decision=decision, decide_by=today - timedelta(days=1), reason="x"
            )
        assert "decide_by" in caught.value.message_dict
        with pytest.raises(PermissionDenied):
            services.decision_postpone(
                actor=stakeholder,
                decision=decision,
                decide_by=today + timedelta(days=9),
                reason="We need more data first.",
            )
        for days in (9, 12):
            services.decision_postpone(
                actor=member,
                decision=decision,
                decide_by=today + timedelta(days=days),
                reason="Waiting for the carrier quote",
            )
        services.stance_record(actor=stakeholder, decision=decision, kind=StanceKind.AGREE)
        services.stance_record(
            actor=stakeholder,
            decision=decision,
            kind=StanceKind.DISAGREE_COMMIT,
            objection="I changed my mind on this.",
            commitment="I commit.",
        )
        row = selectors.decision_list(viewer=member, flag="exhaustion").get()
        assert row.rounds == 3
        labels = [
            f.label
            for f in selectors.decision_flags(row, company=selectors.decision_settings_get())
        ]
        assert "Going round: 3 rounds" in labels


class TestAfterTheDecision:
    def test_review_and_reversal_as_a_new_linked_decision(self, propose, decider, member):
        original = propose()
        services.decision_decide(actor=decider, decision=original, option=original.options.first())
        with pytest.raises(ValidationError) as caught:
            services.review_record(actor=decider, decision=original, outcome="bad", note="")
        assert set(caught.value.message_dict) == {"outcome", "note"}
        services.review_record(
            actor=decider,
            decision=original,
            outcome=Outcome.WRONG,
            note="Orders rose 2% but margin fell 4%.",
        )
        reversal = services.decision_supersede(
            actor=member,
            decision=original,
            kind=SupersedeKind.REVERSAL,
            question="Return free shipping to $35?",
            door=Door.TWO_WAY,
            information_pct=80,
            decide_by=timezone.localdate() + timedelta(days=3),
            decider=decider,
            options=OPTIONS,
        )
        assert reversal.supersedes == original
        with pytest.raises(ValidationError, match="already proposed"):
            services.decision_supersede(
                actor=member,
                decision=original,
                kind=SupersedeKind.CORRECTION,
                question="Something else",
                door=Door.TWO_WAY,
                information_pct=80,
                decide_by=timezone.localdate() + timedelta(days=3),
                decider=decider,
                options=OPTIONS,
            )
        assert not selectors.decision_list(viewer=member, flag="reversed").exists()
        services.decision_decide(actor=decider, decision=reversal, option=reversal.options.first())
        reversed_rows = list(selectors.decision_list(viewer=member, flag="reversed"))
        assert reversed_rows == [original]
        original.refresh_from_db()
        assert original.status == Status.DECIDED  # the record itself is untouched
        assert original.events.filter(kind=EventKind.SUPERSEDED).count() == 2

    def test_only_decided_decisions_are_superseded_or_reviewed(self, propose, member, decider):
        decision = propose()
        with pytest.raises(ValidationError, match="Only a decided"):
            services.review_record(
                actor=decider, decision=decision, outcome=Outcome.RIGHT, note="ok"
            )
        with pytest.raises(ValidationError, match="Only a decided"):
            services.decision_supersede(
                actor=member,
                decision=decision,
                kind=SupersedeKind.REVERSAL,
                question="?",
                door=Door.TWO_WAY,
                information_pct=50,
                decide_by=timezone.localdate(),
                decider=decider,
                options=OPTIONS,
            )

    def test_withdraw_keeps_the_record_with_its_reason(self, propose, member):
        decision = propose()
        with pytest.raises(ValidationError):
            services.decision_withdraw(actor=member, decision=decision, reason="")
        services.decision_withdraw(
            actor=member, decision=decision, reason="The vendor went bust in May."
        )
        decision.refresh_from_db()
        assert decision.status == Status.WITHDRAWN
        assert decision.rationale == "The vendor went bust in May."


class TestSources:
    def test_concluding_an_experiment_creates_a_two_way_door_once(self, member):
        first = services.decision_create_from_source(
            actor=member,
            kind=SourceKind.EXPERIMENT,
            ref="42",
            title="Free-shipping banner on the cart",
            url="/weblab/42/",
        )
        assert first.door == Door.TWO_WAY
        assert first.decider == member
        assert [o.label for o in first.options.all()] == ["Ship", "Iterate", "Stop"]
        again = services.decision_create_from_source(
            actor=member, kind=SourceKind.EXPERIMENT, ref="42", title="Free-shipping banner"
        )
        assert again == first
        assert first.links.get().url == "/weblab/42/"

    def test_an_existing_decision_can_be_linked_to_a_source(self, propose, member):
        decision = propose()
        linked = services.decision_create_from_source(
            actor=member,
            kind=SourceKind.PRFAQ,
            ref="7",
            title="PR/FAQ: Riverbend Plus",
            decision=decision,
        )
        assert linked == decision
        assert decision.links.get().kind == SourceKind.PRFAQ
        assert decision.events.filter(kind=EventKind.LINKED).exists()

    def test_unknown_source_kind_is_refused(self, member):
        with pytest.raises(ValidationError, match="kind"):
            services.decision_create_from_source(actor=member, kind="memo", ref="1", title="x")


class TestSettingsAndNotifications:
    def test_only_admins_change_settings_and_values_are_validated(self, admin, member):
        with pytest.raises(PermissionDenied):
            services.decision_settings_update(
                actor=member,
                reviewers=[],
                information_target_pct=70,
                escalation_hours=48,
                exhaustion_rounds=3,
            )
        with pytest.raises(ValidationError) as caught:
            services.decision_settings_update(
                actor=admin,
                reviewers=[],
                information_target_pct=5,
                escalation_hours=48,
                exhaustion_rounds=3,
            )
        assert "information_target_pct" in caught.value.message_dict
        company = services.decision_settings_update(
            actor=admin,
            reviewers=[member],
            information_target_pct=65,
            escalation_hours=24,
            exhaustion_rounds=4,
        )
        assert list(company.reviewers.all()) == [member]
        assert AuditEntry.objects.filter(action="decisionsettings.reviewers").exists()

    def test_people_read_and_clear_only_their_own_notifications(self, propose, decider):
        propose()
        other = UserFactory()
        assert selectors.notification_unread_count(viewer=decider) == 1
        assert services.notification_mark_read(actor=other) == 0
        assert services.notification_mark_read(actor=decider) == 1
        assert selectors.notification_unread_count(viewer=decider) == 0


class TestVelocity:
    def test_time_to_decide_share_within_target_escalations_and_reversals(
        self, propose, decider, stakeholder, leader, member
    ):
        now = timezone.now()
        fast = propose(at=now - timedelta(days=20), decide_by=timezone.localdate())
        services.decision_decide(
            actor=decider, decision=fast, option=fast.options.first(), at=now - timedelta(days=18)
        )
        slow = propose(at=now - timedelta(days=20), decide_by=timezone.localdate())
        services.stance_record(
            actor=stakeholder,
            decision=slow,
            kind=StanceKind.ESCALATE,
            objection="Our goals are misaligned here.",
            escalate_to=leader,
            at=now - timedelta(days=19),
        )
        services.escalation_resolve(
            actor=leader,
            escalation=Escalation.objects.get(),
            resolution="Go ahead with the first option.",
            option=slow.options.first(),
            at=now - timedelta(days=19) + timedelta(hours=6),
        )
        services.decision_decide(
            actor=decider,
            decision=slow,
            option=slow.options.first(),
            information_pct=95,
            at=now - timedelta(days=10),
        )
        velocity = selectors.decision_velocity(viewer=member)
        assert velocity.decided == 2
        assert velocity.median_days[Door.TWO_WAY] == 6.0
        assert velocity.share_within_target == 50.0
        assert velocity.escalations == 1
        assert velocity.median_escalation_hours == 6.0
        assert velocity.reversals == 0
        assert len(velocity.scatter_rows) == 2
