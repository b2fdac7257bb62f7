"""Every read of goals, permission-checked: lists with their latest status, status over time,
the leadership team's list, and a goal's progress on its metric."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet, Subquery

from dayone.server.core.access import ensure_can_read
from dayone.server.decisions.enums import SourceKind
from dayone.server.goals.enums import Outcome
from dayone.server.goals.lint import GoalDraft, GoalFinding, goal_lint
from dayone.server.goals.models import REVIEW_INTERVAL_DAYS, Goal, GoalReview
from dayone.server.teams import selectors as org_selectors
from dayone.server.teams.models import Membership
from dayone.server.teams.models import Team as OrgTeam
from dayone.server.wbr.catalogue import MetricInfo
from dayone.server.wbr.measure import (
    Measurement,
    measure_rule,
    measured_metric,
    metric_measure,
    metric_series,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.decisions.models import Decision
    from dayone.server.teams.models import Team


@dataclass(frozen=True, slots=True)
class GoalFilters:
    """What the goals list can be narrowed by (the page and the API share it)."""

    team: str = ""
    owner: str = ""
    outcome: str = ""
    status: str = ""
    elevated: bool | None = None
    q: str = ""


def goal_list(
    *, viewer: User | AnonymousUser, filters: GoalFilters | None = None
) -> QuerySet[Goal]:
    """Goals with their owner, team and latest review status (``latest_status``,
    ``latest_reviewed_on``), open ones first, by due date."""
    ensure_can_read(viewer)
    filters = filters or GoalFilters()
    latest = GoalReview.objects.filter(goal=OuterRef("pk")).order_by("-reviewed_on", "-pk")
    goals = (
        Goal.objects.select_related("owner", "team")
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_reviewed_on=Subquery(latest.values("reviewed_on")[:1]),
        )
        .order_by("due_on", "pk")
    )
    if filters.team:
        goals = goals.filter(team__slug=filters.team)
    if filters.owner:
        goals = goals.filter(owner__username=filters.owner)
    if filters.outcome:
        goals = goals.filter(outcome=filters.outcome)
    if filters.status:
        goals = goals.filter(latest_status=filters.status, outcome=Outcome.OPEN)
    if filters.elevated is not None:
        goals = goals.filter(elevated=filters.elevated)
    if filters.q:
        goals = goals.filter(text__icontains=filters.q)
    return goals


def goal_list_for_team(*, viewer: User | AnonymousUser, team: Team) -> QuerySet[Goal]:
    """A team's goals, for its page."""
    return goal_list(viewer=viewer).filter(team=team)


def goal_list_for_decision(*, viewer: User | AnonymousUser, decision: Decision) -> QuerySet[Goal]:
    """The goals a decision is about (its links to goals, loaded), with their latest status."""
    refs = [link.ref for link in decision.links.all() if link.kind == SourceKind.GOAL]
    return goal_list(viewer=viewer).filter(pk__in=[int(ref) for ref in refs if ref.isdigit()])


def goal_get(*, viewer: User | AnonymousUser, goal_id: int) -> Goal:
    """One goal with its latest status (raises ``Goal.DoesNotExist``)."""
    return goal_list(viewer=viewer).get(pk=goal_id)


def goal_may_review(viewer: User | AnonymousUser, goal: Goal) -> bool:
    """Whether ``viewer`` reviews ``goal``: its owner, or their manager (a leader of a team the
    owner works in, the goal's team among them, or the person a team the owner leads reports
    to). Admins are no exception: a review is the owner's account of their goal."""
    if not viewer.is_authenticated or not viewer.can_write:
        return False
    if viewer.pk == goal.owner_id:
        return True
    owner_teams = Membership.objects.filter(person_id=goal.owner_id, left_at__isnull=True)
    led = OrgTeam.objects.filter(leader_id=viewer.pk).exclude(leader_id=goal.owner_id)
    if led.filter(pk=goal.team_id).exists():
        return True
    if led.filter(pk__in=owner_teams.values("team_id")).exists():
        return True
    return OrgTeam.objects.filter(leader_id=goal.owner_id, reports_to_id=viewer.pk).exists()


def goal_may_change(viewer: User | AnonymousUser, goal: Goal) -> bool:
    """Whether ``viewer`` edits, closes or withdraws ``goal``: who reviews it, or an admin."""
    if not viewer.is_authenticated or not viewer.can_write:
        return False
    return viewer.is_admin or goal_may_review(viewer, goal)


def goal_reviews(*, viewer: User | AnonymousUser, goal: Goal) -> QuerySet[GoalReview]:
    """A goal's reviews, newest first."""
    ensure_can_read(viewer)
    return goal.reviews.select_related("author").order_by("-reviewed_on", "-pk")


def goal_review_due(goal: Goal, today: date) -> bool:
    """An open goal is due for review when its last review is a month old (or it has none)."""
    if goal.outcome != Outcome.OPEN:
        return False
    last: date | None = getattr(goal, "latest_reviewed_on", None)
    start = last or goal.starts_on
    return (today - start).days > REVIEW_INTERVAL_DAYS


@dataclass(frozen=True, slots=True)
class GoalMeasure:
    """A goal's metric as its page shows it: the catalogue entry, how it is measured, where it
    stands to date and its weekly path."""

    info: MetricInfo
    rule: str
    progress: Measurement | None
    series: list[tuple[date, float]]


def goal_measure(*, viewer: User | AnonymousUser, goal: Goal, today: date) -> GoalMeasure | None:
    """The goal's metric measured to date (or to the due date once it has passed); ``None``
    when the goal has no metric or the catalogue no longer has it."""
    ensure_can_read(viewer)
    metric = measured_metric(goal.metric_key)
    if metric is None:
        return None
    ends_on = min(today, goal.due_on)
    return GoalMeasure(
        info=MetricInfo.of(metric),
        rule=measure_rule(metric),
        progress=metric_measure(metric=metric, starts_on=goal.starts_on, ends_on=ends_on),
        series=metric_series(metric=metric, starts_on=goal.starts_on, ends_on=ends_on),
    )


def goal_findings(*, viewer: User | AnonymousUser, goal: Goal) -> list[GoalFinding]:
    """What the goal linter says about a saved goal."""
    ensure_can_read(viewer)
    team_keys = tuple(org_selectors.team_metric_keys(viewer=viewer, team_id=goal.team_id))
    return goal_lint(
        GoalDraft(
            text=goal.text,
            has_owner=goal.owner_id is not None,
            due_on=goal.due_on,
            metric_key=goal.metric_key,
            target=goal.target,
            kind=goal.kind,
            team_metric_keys=team_keys,
        )
    )


def month_starts(end: date, months: int) -> list[date]:
    """The first days of the ``months`` months that end with ``end``'s month, oldest first."""
    first = end.replace(day=1)
    starts = [first]
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return list(reversed(starts))


def goal_status_by_month(
    *, viewer: User | AnonymousUser, goals: Iterable[Goal], end: date, months: int = 12
) -> dict[int, list[str | None]]:
    """For each goal, the status of its last review in each of the ``months`` months to ``end``
    (``None`` where it had no review that month). One query for every goal."""
    ensure_can_read(viewer)
    starts = month_starts(end, months)
    ids = [goal.pk for goal in goals]
    grid: dict[int, list[str | None]] = {pk: [None] * months for pk in ids}
    index = {(start.year, start.month): position for position, start in enumerate(starts)}
    reviews = (
        GoalReview.objects.filter(goal_id__in=ids, reviewed_on__gte=starts[0], reviewed_on__lte=end)
        .order_by("reviewed_on", "pk")
        .values_list("goal_id", "reviewed_on", "status")
    )
    for goal_id, reviewed_on, status in reviews:
        position = index.get((reviewed_on.year, reviewed_on.month))
        if position is not None:
            grid[goal_id][position] = status
    return grid
