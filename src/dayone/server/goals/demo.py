"""Riverbend Books' goals with a year of monthly reviews, for the demo.

Targets come from the business data: each goal improves its metric's level before the goal
started. Each monthly review compares the metric to date with the straight path from that level
to the target: on the path is green, short of it by less than half the needed change is yellow,
further behind is red. Goals due by the demo's last week are closed, met or not met from their
metric. Everything depends only on the seed and the demo's end date.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.urls import reverse

from dayone.demo.people import PEOPLE, TEAMS
from dayone.server.core.demo import DemoContext, demo_loader
from dayone.server.decisions import selectors as decision_selectors
from dayone.server.decisions import services as decision_services
from dayone.server.decisions.enums import SourceKind
from dayone.server.goals import services
from dayone.server.goals.enums import Direction, GoalKind, Outcome, ReviewStatus
from dayone.server.teams import selectors as org_selectors
from dayone.server.wbr.catalogue import MetricInfo, metric_format
from dayone.server.wbr.measure import RATIO_WINDOW_DAYS, measured_metric, metric_measure
from dayone.server.wbr.selectors import metric_info

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dayone.server.core.models import User
    from dayone.server.goals.models import Goal
    from dayone.server.teams.models import Team
    from dayone.server.wbr.models import Metric

LOWER_IS_BETTER = frozenset(
    {
        "slow_page_rate",
        "zero_result_rate",
        "payment_failure_rate",
        "contacts_per_order",
        "cancellation_rate",
        "return_rate",
        "ctd_hours",
        "click_to_ship_hours",
        "ship_to_deliver_hours",
    }
)
ELEVATED = frozenset({"revenue", "active_customers", "conversion", "ctd_hours", "in_stock_rate"})
MITIGATIONS = (
    "Weekly deep dive on the worst-performing segment, owner reports in the WBR.",
    "Moved two engineers from the backlog to the top cause for four weeks.",
    "Running an experiment on the biggest lever; read-out in three weeks.",
    "Escalated the dependency to the other team's leader; joint review on Thursday.",
)
PLANS = (
    "Reset the plan: ship the fix to the top cause first, then re-forecast the target date.",
    "Two-week sprint on the top three causes with daily check-ins; re-review next month.",
    "Asked the leadership team for a second team's help; decision due this week.",
)
DECISIONS_ABOUT = {
    "click_to_ship_hours": "Pilot goods-to-person robots in the Columbus fulfilment centre?",
}
"""The demo's decisions proposed from a goal's page: the goal on the metric (the open one, else
the latest), by the decision's question."""
JUMPS = (
    "A carrier strike in the second week hit every delivery metric at once; the trend we "
    "reviewed as green was real until then.",
    "A release broke the mobile checkout for four days before we caught it; we reviewed on "
    "monthly averages and missed the daily signal.",
    "The holiday peak arrived two weeks earlier than the forecast we reviewed against.",
)


def _info(key: str) -> MetricInfo:
    info = metric_info(key)
    if info is None:
        raise LookupError(f"the demo's goals name {key}, which the WBR catalogue does not have")
    return info


def _measured(key: str) -> Metric:
    metric = measured_metric(key)
    if metric is None:
        raise LookupError(f"the demo's goals name {key}, which the WBR catalogue does not have")
    return metric


def _label(key: str) -> str:
    return _info(key).label.lower()


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _text(key: str, target: float, starts_on: date, due: date) -> str:
    value = metric_format(_info(key), target)
    if _info(key).aggregation == "sum":
        return f"Reach {value} {_label(key)} from {_day(starts_on)} to {_day(due)}"
    verb = "Cut" if key in LOWER_IS_BETTER else "Raise"
    return f"{verb} {_label(key)} to {value} by {_day(due)}"


def _baseline(key: str, starts_on: date, days: int) -> float | None:
    info = _info(key)
    if info.aggregation == "sum":
        before = metric_measure(
            metric=_measured(key), starts_on=starts_on - timedelta(days=days), ends_on=starts_on
        )
    else:
        before = metric_measure(
            metric=_measured(key),
            starts_on=starts_on - timedelta(days=RATIO_WINDOW_DAYS),
            ends_on=starts_on - timedelta(days=1),
        )
    return before.value if before is not None else None


def _target(key: str, baseline: float, rng: random.Random) -> float:
    """Most goals ask for a modest step; about a third are stretch goals."""
    stretch = rng.random() < 0.35
    step = rng.uniform(0.06, 0.15) if stretch else rng.uniform(0.005, 0.04)
    if key in LOWER_IS_BETTER:
        return round(baseline * (1 - step), 4)
    if _info(key).is_rate:
        return round(min(baseline * (1 + step), baseline + (1 - baseline) * 0.5), 4)
    return float(round(baseline * (1 + step)))


def _status(key: str, goal: Goal, baseline: float, on: date) -> tuple[str, float] | None:
    """The review verdict at ``on``: where the metric is against the straight path."""
    measured = metric_measure(metric=_measured(key), starts_on=goal.starts_on, ends_on=on)
    if measured is None or goal.target is None:
        return None
    elapsed = (on - goal.starts_on).days / max(1, (goal.due_on - goal.starts_on).days)
    if _info(key).aggregation == "sum":
        expected, needed = goal.target * elapsed, goal.target * elapsed
        shortfall = expected - measured.value
    else:
        needed = goal.target - baseline
        expected = baseline + needed * elapsed
        shortfall = expected - measured.value
    sign = -1 if key in LOWER_IS_BETTER else 1
    behind = sign * shortfall / abs(needed) if needed else 0.0
    if behind <= 0.05:
        return ReviewStatus.GREEN, measured.value
    if behind <= 0.5:
        return ReviewStatus.YELLOW, measured.value
    return ReviewStatus.RED, measured.value


def _review_all(goal: Goal, baseline: float, end: date, rng: random.Random) -> int:
    key = goal.metric_key
    day, previous, count = goal.starts_on + timedelta(days=30), None, 0
    last_day = min(goal.due_on, end)
    while day <= last_day:
        verdict = _status(key, goal, baseline, day)
        if verdict is None:
            break
        status, value = verdict
        now, target = metric_format(_info(key), value), metric_format(_info(key), goal.target)
        if status == ReviewStatus.GREEN:
            note = f"{_info(key).label} at {now}, on the path to {target}."
        elif status == ReviewStatus.YELLOW:
            note = f"{_info(key).label} at {now}: behind the path to {target}, recoverable."
        else:
            note = f"{_info(key).label} at {now}: too far behind to reach {target} on time."
        services.goal_review_add(
            actor=goal.owner,
            goal=goal,
            status=status,
            note=note,
            plan=rng.choice(PLANS if status == ReviewStatus.RED else MITIGATIONS)
            if status != ReviewStatus.GREEN
            else "",
            jump_explanation=rng.choice(JUMPS)
            if status == ReviewStatus.RED and previous == ReviewStatus.GREEN
            else "",
            reviewed_on=day,
        )
        previous, count = status, count + 1
        day += timedelta(days=30)
    return count


def _manual_goals(ctx: DemoContext, team: Team, owner: User) -> list[Goal]:
    goals = [
        services.goal_create(
            actor=None,
            text="Publish the daily business table complete by 06:00 on 95% of days this quarter",
            judged_by="The pipeline log records when the table is complete each day; the owner "
            "counts the days before 06:00.",
            owner=owner,
            team=team,
            starts_on=ctx.end - timedelta(days=60),
            due_on=ctx.end + timedelta(days=30),
        ),
        services.goal_create(
            actor=None,
            text="Improve data quality across the platform",
            judged_by="The data team's monthly audit of the ten largest tables finds no "
            "broken rows.",
            owner=owner,
            team=team,
            starts_on=ctx.end - timedelta(days=20),
            due_on=ctx.end + timedelta(days=160),
            kind=GoalKind.OUTPUT,
        ),
    ]
    services.goal_review_add(
        actor=None,
        goal=goals[0],
        status=ReviewStatus.YELLOW,
        note="Complete by 06:00 on 91% of days: the marketplace feed lands late on Mondays.",
        plan="Move the marketplace import to a 02:00 snapshot; live next week.",
        reviewed_on=ctx.end - timedelta(days=28),
    )
    services.goal_review_add(
        actor=None,
        goal=goals[0],
        status=ReviewStatus.GREEN,
        note="Complete by 06:00 on 96% of days since the snapshot change.",
        reviewed_on=ctx.end,
    )
    return goals


def _link_decisions(goals: list[Goal], people: Mapping[str, User]) -> None:
    """Link each decision of ``DECISIONS_ABOUT`` to its goal, as proposing it from the goal's
    page does."""
    for key, question in DECISIONS_ABOUT.items():
        on_metric = [g for g in goals if g.metric_key == key]
        if not on_metric:
            continue  # too little data for a goal on it: a link would name nothing
        goal = max(on_metric, key=lambda g: (g.outcome == Outcome.OPEN, g.due_on))
        viewer = people[PEOPLE[0].username]
        decision = decision_selectors.decision_list(viewer=viewer, q=question).get()
        decision_services.decision_link_source(
            actor=decision.proposed_by,
            decision=decision,
            kind=SourceKind.GOAL,
            ref=str(goal.pk),
            title=goal.text[:200],
            url=reverse("goals:detail", args=[goal.pk]),
            at=decision.created_at,
        )


@demo_loader(after=("teams", "wbr", "decisions"))
def load_demo(ctx: DemoContext) -> str:
    """About forty goals across the teams, with monthly reviews and outcomes, and the decisions
    proposed about them linked to them."""
    rng = random.Random(ctx.seed * 7_919 + 11)  # noqa: S311 - demo data, not security
    teams = {
        team.name: team for team in org_selectors.team_list(viewer=ctx.people[PEOPLE[0].username])
    }
    members: dict[str, list[User]] = {}
    for person in PEOPLE:
        if person.role != "viewer":
            members.setdefault(person.team, []).append(ctx.people[person.username])
    goals: list[Goal] = []
    closed = reviews = 0
    for spec in TEAMS:
        team = teams[spec.name]
        owners = members[spec.name]
        if not spec.metrics:
            goals.extend(_manual_goals(ctx, team, ctx.people[spec.leader]))
            continue
        for position, key in enumerate(spec.metrics):
            # a closed goal from earlier in the year for the first two metrics, a current one each
            periods = [(rng.randint(300, 360), rng.randint(150, 240))] if position < 2 else []
            periods.append((rng.randint(90, 240), rng.randint(180, 300)))
            for back, length in periods:
                starts_on = ctx.end - timedelta(days=back)
                due_on = starts_on + timedelta(days=length)
                baseline = _baseline(key, starts_on, length)
                if baseline is None:
                    continue
                target = _target(key, baseline, rng)
                reached = metric_measure(
                    metric=_measured(key), starts_on=starts_on, ends_on=min(due_on, ctx.end)
                )
                if reached is not None and rng.random() < 0.6:
                    # most teams set a target they can reach: just inside where they got to
                    lower = key in LOWER_IS_BETTER
                    scale = (due_on - starts_on).days / max(
                        1, (min(due_on, ctx.end) - starts_on).days
                    )
                    level = reached.value * (scale if _info(key).aggregation == "sum" else 1)
                    easy = round(level * (1.01 if lower else 0.99), 4)
                    target = max(target, easy) if lower else min(target, easy)
                if _info(key).is_count:
                    target = float(round(target))
                owner = owners[(position + len(goals)) % len(owners)]
                goal = services.goal_create(
                    actor=None,
                    text=_text(key, target, starts_on, due_on),
                    owner=owner,
                    team=team,
                    starts_on=starts_on,
                    due_on=due_on,
                    metric_key=key,
                    target=target,
                    direction=Direction.AT_MOST if key in LOWER_IS_BETTER else Direction.AT_LEAST,
                    kind=GoalKind.INPUT if _info(key).is_input else GoalKind.OUTPUT,
                    elevated=key in ELEVATED and due_on > ctx.end,
                )
                goals.append(goal)
                reviews += _review_all(goal, baseline, ctx.end, rng)
                if due_on <= ctx.end:
                    services.goal_close(actor=None, goal=goal, today=ctx.end)
                    closed += 1
    _link_decisions(goals, ctx.people)
    return f"{len(goals)} goals ({closed} closed), {reviews} goal reviews"
