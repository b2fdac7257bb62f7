from __future__ import annotations

from datetime import date, timedelta

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dayone.server.core.models import AuditEntry
from dayone.server.goals import selectors, services
from dayone.server.goals.enums import Direction, GoalKind, Outcome, OutcomeSource, ReviewStatus
from dayone.server.goals.lint import GoalDraft, goal_lint
from dayone.server.teams import services as org_services
from dayone.server.wbr.measure import measured_metric, metric_measure
from tests.server.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

TODAY = timezone.localdate()


@pytest.fixture
def team(member):
    return org_services.team_create(actor=member, name="Fulfilment", leader=member)


@pytest.fixture
def warehouse(settings, tmp_path):
    """A small daily business table: 60 days to today, 90% two-day delivery, 10 titles a day."""
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    days = [TODAY - timedelta(days=n) for n in range(59, -1, -1)]
    table = pa.table(
        {
            "date": pa.array(days, pa.date32()),
            "shipments_delivered": [100] * 60,
            "delivered_within_2_days": [90] * 60,
            "new_titles_added": [10] * 60,
            "selection": list(range(1000, 1060)),
        }
    )
    folder = settings.DAYONE_WAREHOUSE_DIR / "parquet"
    folder.mkdir(parents=True)
    pq.write_table(table, folder / "daily_business.parquet")
    return settings.DAYONE_WAREHOUSE_DIR


JUDGED_BY = "Finance signs off the carrier invoices at the end of the quarter."


def make_goal(actor, team, **overrides):
    values = {
        "text": "Deliver 92% of shipments within two days by the end of the quarter",
        "owner": actor,
        "team": team,
        "due_on": TODAY,
        "starts_on": TODAY - timedelta(days=59),
        "metric_key": "two_day_delivery_rate",
        "target": 0.92,
    }
    values.update(overrides)
    return services.goal_create(actor=actor, **values)


class TestGoalCreate:
    def test_creates_and_audits(self, member, team):
        goal = make_goal(member, team)
        assert goal.outcome == Outcome.OPEN
        assert AuditEntry.objects.filter(action="goal.create", target_id=str(goal.pk)).exists()

    def test_refuses_a_goal_without_owner_or_due_date_naming_the_fields(self, member, team):
        with pytest.raises(ValidationError) as error:
            make_goal(member, team, owner=None, due_on=None)
        assert error.value.message_dict == {
            "owner": [services.NO_OWNER],
            "due_on": [services.NO_DUE_DATE],
        }

    def test_a_metric_needs_a_target_and_a_target_a_metric(self, member, team):
        with pytest.raises(ValidationError) as error:
            make_goal(member, team, target=None)
        assert error.value.message_dict == {"target": [services.TARGET_NEEDED]}
        with pytest.raises(ValidationError) as error:
            make_goal(member, team, metric_key="", judged_by=JUDGED_BY)
        assert error.value.message_dict == {"metric_key": [services.TARGET_WITHOUT_METRIC]}

    def test_only_leadership_or_admins_elevate(self, member, admin, team):
        with pytest.raises(PermissionDenied):
            make_goal(member, team, elevated=True)
        assert make_goal(admin, team, elevated=True).elevated
        leadership = org_services.team_create(actor=admin, name="S-Team", is_leadership=True)
        org_services.team_member_add(actor=admin, team=leadership, person=member)
        assert make_goal(member, team, elevated=True).elevated

    def test_viewers_cannot_set_goals(self, viewer, team):
        with pytest.raises(PermissionDenied):
            make_goal(viewer, team, owner=viewer)


class TestGoalReview:
    def test_yellow_and_red_need_a_plan(self, member, team):
        goal = make_goal(member, team)
        for status in (ReviewStatus.YELLOW, ReviewStatus.RED):
            with pytest.raises(ValidationError) as error:
                services.goal_review_add(
                    actor=member,
                    goal=goal,
                    status=status,
                    note="Behind: the team checked this week.",
                )
            assert list(error.value.message_dict) == ["plan"]
        review = services.goal_review_add(
            actor=member,
            goal=goal,
            status="yellow",
            note="88%: the team checked this week.",
            plan="Add a carrier: the team checked this week.",
        )
        assert review.status == ReviewStatus.YELLOW

    def test_green_straight_to_red_needs_an_explanation(self, member, team):
        goal = make_goal(member, team)
        services.goal_review_add(
            actor=member,
            goal=goal,
            status="green",
            note="91%: the team checked this week.",
            reviewed_on=TODAY - timedelta(30),
        )
        with pytest.raises(ValidationError) as error:
            services.goal_review_add(
                actor=member,
                goal=goal,
                status="red",
                note="80%: the team checked this week.",
                plan="Second carrier: the team checked this week.",
            )
        assert error.value.message_dict == {"jump_explanation": [services.JUMP_NEEDED]}
        services.goal_review_add(
            actor=member,
            goal=goal,
            status="red",
            note="80%: the team checked this week.",
            plan="Second carrier: the team checked this week.",
            jump_explanation="The carrier went on strike in week 3.",
        )
        assert goal.reviews.count() == 2

    def test_note_required_and_dates_move_forward(self, member, team):
        goal = make_goal(member, team)
        services.goal_review_add(
            actor=member, goal=goal, status="green", note="On track: the team checked this week."
        )
        with pytest.raises(ValidationError) as error:
            services.goal_review_add(
                actor=member,
                goal=goal,
                status="green",
                note=" ",
                reviewed_on=TODAY - timedelta(days=3),
            )
        assert set(error.value.message_dict) == {"note", "reviewed_on"}
        with pytest.raises(ValidationError) as error:
            services.goal_review_add(
                actor=member,
                goal=goal,
                status="green",
                note="x: the team checked this week.",
                reviewed_on=TODAY + timedelta(1),
            )
        assert error.value.message_dict == {"reviewed_on": [services.REVIEW_IN_FUTURE]}


class TestGoalClose:
    def test_a_rate_goal_is_judged_on_the_last_28_days(self, member, team, warehouse):
        goal = make_goal(member, team)
        services.goal_close(actor=member, goal=goal)
        assert goal.outcome == Outcome.NOT_MET
        assert goal.outcome_source == OutcomeSource.METRIC
        assert goal.outcome_value == pytest.approx(0.9)
        met = make_goal(member, team, target=0.9)
        assert services.goal_close(actor=member, goal=met).outcome == Outcome.MET

    def test_sums_from_the_start_and_levels_on_the_due_date(self, member, team, warehouse):
        total = make_goal(
            member, team, metric_key="new_titles_added", target=500, starts_on=TODAY - timedelta(9)
        )
        assert metric_measure(
            metric=measured_metric("new_titles_added"), starts_on=total.starts_on, ends_on=TODAY
        ).value == pytest.approx(100)
        assert services.goal_close(actor=member, goal=total).outcome == Outcome.NOT_MET
        level = make_goal(
            member, team, metric_key="selection", target=1100, direction=Direction.AT_MOST
        )
        services.goal_close(actor=member, goal=level)
        assert (level.outcome, level.outcome_value) == (Outcome.MET, 1059)

    def test_without_data_the_outcome_is_recorded_by_hand_with_a_note(
        self, member, team, settings, tmp_path
    ):
        settings.DAYONE_WAREHOUSE_DIR = tmp_path / "empty"
        goal = make_goal(member, team, metric_key="", target=None, judged_by=JUDGED_BY)
        with pytest.raises(ValidationError) as error:
            services.goal_close(actor=member, goal=goal)
        assert error.value.message_dict == {"outcome": [services.OUTCOME_NEEDED]}
        with pytest.raises(ValidationError) as error:
            services.goal_close(actor=member, goal=goal, outcome=Outcome.MET)
        assert "outcome_note" in error.value.message_dict
        services.goal_close(
            actor=member,
            goal=goal,
            outcome=Outcome.MET,
            note="Signed by finance: the team checked this week.",
        )
        assert (goal.outcome, goal.outcome_source) == (Outcome.MET, OutcomeSource.MANUAL)

    def test_not_before_the_due_date_and_closed_goals_do_not_change(self, member, team, warehouse):
        goal = make_goal(member, team, due_on=TODAY + timedelta(days=5))
        with pytest.raises(ValidationError, match="Withdraw it instead"):
            services.goal_close(actor=member, goal=goal)
        services.goal_withdraw(actor=member, goal=goal, note="Replaced by a better goal")
        with pytest.raises(ValidationError, match="closed"):
            services.goal_review_add(
                actor=member, goal=goal, status="green", note="x: the team checked this week."
            )


class TestSelectors:
    def test_list_carries_latest_status_and_filters(self, member, viewer, team):
        first = make_goal(member, team)
        second = make_goal(member, team, text="Cut click to ship to 20 hours by June")
        services.goal_review_add(
            actor=member,
            goal=first,
            status="green",
            note="ok: the team checked this week.",
            reviewed_on=TODAY - timedelta(40),
        )
        services.goal_review_add(
            actor=member,
            goal=first,
            status="yellow",
            note="dip: the team checked this week.",
            plan="p: the team checked this week.",
        )
        goals = {g.pk: g for g in selectors.goal_list(viewer=viewer)}
        assert goals[first.pk].latest_status == "yellow"
        assert goals[second.pk].latest_status is None
        yellow = selectors.goal_list(viewer=viewer, filters=selectors.GoalFilters(status="yellow"))
        assert [g.pk for g in yellow] == [first.pk]
        assert not selectors.goal_review_due(goals[first.pk], TODAY)
        assert selectors.goal_review_due(goals[second.pk], TODAY + timedelta(days=40))

    def test_status_by_month(self, member, team):
        goal = make_goal(member, team)
        services.goal_review_add(
            actor=member,
            goal=goal,
            status="green",
            note="ok: the team checked this week.",
            reviewed_on=TODAY - timedelta(62),
        )
        services.goal_review_add(
            actor=member,
            goal=goal,
            status="red",
            note="no: the team checked this week.",
            plan="p: the team checked this week.",
            jump_explanation="why: the team checked this week.",
        )
        grid = selectors.goal_status_by_month(viewer=member, goals=[goal], end=TODAY, months=4)
        assert grid[goal.pk][-1] == "red"
        assert "green" in grid[goal.pk]


class TestLint:
    def test_a_good_goal_passes_the_goal_rules(self):
        draft = GoalDraft(
            text="Deliver 92% of shipments within two days by 30 June",
            has_owner=True,
            due_on=date(2026, 6, 30),
            metric_key="two_day_delivery_rate",
            target=0.92,
            team_metric_keys=("two_day_delivery_rate",),
        )
        assert [f.rule for f in goal_lint(draft) if not f.rule.startswith("writing:")] == []

    def test_flags_vague_unmeasured_undated_output_goals(self):
        draft = GoalDraft(
            text="Significantly improve customer happiness across the whole company",
            has_owner=False,
            due_on=None,
            kind=GoalKind.OUTPUT,
        )
        rules = [f.rule for f in goal_lint(draft)]
        assert rules[:5] == ["owner", "dated", "specific", "measurable", "input"]

    def test_an_uncontrollable_metric_is_flagged(self):
        draft = GoalDraft(
            text="Reach 1,000,000 sessions a week by 30 June",
            has_owner=True,
            due_on=date(2026, 6, 30),
            metric_key="sessions",
            target=1_000_000,
            team_metric_keys=("conversion",),
        )
        findings = {f.rule: f for f in goal_lint(draft)}
        assert findings["input"].field == "metric_key"
        assert "team-metric" in findings


class TestWhoJudges:
    def test_a_goal_without_a_metric_says_how_it_is_judged(self, member, team):
        with pytest.raises(ValidationError) as error:
            make_goal(member, team, metric_key="", target=None)
        assert error.value.message_dict == {"judged_by": [services.JUDGE_NEEDED]}
        with pytest.raises(ValidationError, match="at least 20") as error:
            make_goal(member, team, metric_key="", target=None, judged_by="By hand.")
        goal = make_goal(member, team, metric_key="", target=None, judged_by=JUDGED_BY)
        assert goal.judged_by == JUDGED_BY

    def test_only_the_owner_or_their_manager_reviews_a_goal(self, member, admin, team):
        owner = UserFactory(username="otto", first_name="Otto", last_name="Owner")
        goal = make_goal(owner, team)
        note = "Two-day delivery is at 91% this month, one point short."
        stranger = UserFactory(username="sid", first_name="Sid", last_name="Stranger")
        for someone in (stranger, admin):
            with pytest.raises(PermissionDenied, match="Only the goal's owner, Otto Owner"):
                services.goal_review_add(actor=someone, goal=goal, status="green", note=note)
        assert not goal.reviews.exists()
        services.goal_review_add(actor=owner, goal=goal, status="green", note=note)
        # The leader of the goal's team manages its owner.
        services.goal_review_add(actor=member, goal=goal, status="green", note=note)
        assert [r.author for r in goal.reviews.all()] == [owner, member]
