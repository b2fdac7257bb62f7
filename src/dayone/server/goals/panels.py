"""The goals panels: on a team's page, the team's goals and the decisions its people take or
that are about its goals; on the home page, where goals stand."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from dayone.server.core.panels import Panel, panel_register
from dayone.server.decisions import selectors as decision_selectors
from dayone.server.decisions.enums import SourceKind
from dayone.server.goals import selectors
from dayone.server.goals.enums import Outcome, ReviewStatus
from dayone.server.goals.selectors import GoalFilters
from dayone.server.teams.selectors import team_member_ids, teams_measured_by

if TYPE_CHECKING:
    from dayone.server.core.models import User
    from dayone.server.teams.models import Team
    from dayone.server.wbr.models import Metric

HOME_ATTENTION = 5
"""How many of the viewer's own goals the home page lists."""
TEAM_DECISIONS = 8
"""How many decisions a team's page shows, newest first."""


def _team_context(viewer: User, team: Team) -> dict[str, Any]:
    today = timezone.localdate()
    goals = list(selectors.goal_list_for_team(viewer=viewer, team=team))
    months = selectors.month_starts(today, 12)
    grid = selectors.goal_status_by_month(viewer=viewer, goals=goals, end=today)
    return {
        "rows": [
            {"goal": goal, "months": list(zip(months, grid[goal.pk], strict=True))}
            for goal in goals
        ]
    }


def _home_context(viewer: User, _subject: object) -> dict[str, Any] | None:
    """The leadership team's open goals by status, and the viewer's goals that need them."""
    today = timezone.localdate()
    # one query: the open goals, split here (in their order) rather than asked for three times
    open_goals = list(selectors.goal_list(viewer=viewer, filters=GoalFilters(outcome=Outcome.OPEN)))
    if not open_goals:
        return None
    leadership = [goal for goal in open_goals if goal.elevated]
    counts = Counter(getattr(goal, "latest_status", None) or "unreviewed" for goal in leadership)
    statuses = [
        (status, label, counts.get(status, 0))
        for status, label in [*ReviewStatus.choices, ("unreviewed", "Not reviewed")]
    ]
    mine = [
        goal
        for goal in open_goals
        if goal.owner_id == viewer.pk
        and (
            getattr(goal, "latest_status", None) in {ReviewStatus.RED, ReviewStatus.YELLOW}
            or selectors.goal_review_due(goal, today)
        )
    ]
    past_due = [goal for goal in open_goals if goal.due_on < today]
    return {
        "past_due": past_due[:HOME_ATTENTION],
        "past_due_more": max(0, len(past_due) - HOME_ATTENTION),
        "leadership_total": len(leadership),
        "statuses": statuses,
        "mine": [(goal, selectors.goal_review_due(goal, today)) for goal in mine[:HOME_ATTENTION]],
        "mine_more": max(0, len(mine) - HOME_ATTENTION),
    }


def _team_decisions_context(viewer: User, team: Team) -> dict[str, Any]:
    goal_ids = selectors.goal_list_for_team(viewer=viewer, team=team).values_list("pk", flat=True)
    decisions = decision_selectors.decision_list_linked(
        viewer=viewer,
        kind=SourceKind.GOAL,
        refs=list(goal_ids),
        decider_ids=team_member_ids(viewer=viewer, team_id=team.pk),
    )
    return {
        "linked": decision_selectors.decision_rows(list(decisions[:TEAM_DECISIONS])),
        "empty": "No decisions yet by this team's people or about its goals.",
    }


def _metric_goals_context(viewer: User, metric: Metric) -> dict[str, Any]:
    goals = list(selectors.goal_list(viewer=viewer).filter(metric_key=metric.key))
    decisions = decision_selectors.decision_list_linked(
        viewer=viewer, kind=SourceKind.GOAL, refs=[goal.pk for goal in goals]
    )
    return {
        "goals": goals,
        "linked": decision_selectors.decision_rows(list(decisions[:TEAM_DECISIONS])),
        "empty": "No decision is about a goal on this metric yet.",
    }


def _metric_teams_context(viewer: User, metric: Metric) -> dict[str, Any]:
    return {"teams": list(teams_measured_by(viewer=viewer, metric_key=metric.key))}


def _experiment_goals_context(viewer: User, experiment: Any) -> dict[str, Any] | None:
    if not experiment.wbr_metric_key:
        return None
    goals = list(selectors.goal_list(viewer=viewer).filter(metric_key=experiment.wbr_metric_key))
    return {"goals": goals, "metric_key": experiment.wbr_metric_key}


def register_panels() -> None:
    """The team page's goals with a year of status and its decisions; the home page's summary."""
    panel_register(
        "team",
        Panel(
            key="goals",
            title="Goals",
            template="goals/partials/_team_goals.html",
            context=_team_context,
        ),
    )
    panel_register(
        "team",
        Panel(
            key="decisions",
            title="Decisions",
            template="decisions/partials/_team_decisions.html",
            context=_team_decisions_context,
            order=110,
        ),
    )
    panel_register(
        "metric",
        Panel(
            key="goals",
            title="Goals and decisions on this metric",
            template="goals/partials/_metric_goals.html",
            context=_metric_goals_context,
            order=20,
        ),
    )
    panel_register(
        "experiment",
        Panel(
            key="goals",
            title="The goals it serves",
            template="goals/partials/_experiment_goals.html",
            context=_experiment_goals_context,
        ),
    )
    panel_register(
        "metric",
        Panel(
            key="teams",
            title="Teams it measures and their initiatives",
            template="goals/partials/_metric_teams.html",
            context=_metric_teams_context,
            order=30,
        ),
    )
    panel_register(
        "home",
        Panel(
            key="goals",
            title="Goals",
            template="goals/partials/_home_goals.html",
            context=_home_context,
            order=30,
        ),
    )
