"""The Weblab panels: on the home page, what is running and what was learned lately; on a
team's page, the team's experiments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from dayone.server.core.panels import Panel, panel_register
from dayone.server.weblab import selectors
from dayone.server.weblab.selectors import ExperimentFilters

if TYPE_CHECKING:
    from dayone.server.core.models import User
    from dayone.server.teams.models import Team
    from dayone.server.wbr.models import Metric

HOME_ROWS = 4
"""How many running experiments and learnings the home page lists."""
RECENT_WEEKS = 4
"""The home page's rate of invention: experiments started over this many weeks."""
TEAM_ROWS = 10
"""How many of a team's experiments its page lists, newest first."""


def _home_context(viewer: User, _subject: object) -> dict[str, Any] | None:
    running = list(selectors.running_experiments(viewer=viewer))
    learnings = list(selectors.learning_archive(viewer=viewer)[:HOME_ROWS])
    if not running and not learnings:
        return None
    portfolio = selectors.portfolio_summary(viewer=viewer)
    now = timezone.now()
    return {
        "running": [
            (experiment, (now - experiment.started_at).days if experiment.started_at else 0)
            for experiment in running[:HOME_ROWS]
        ],
        "running_more": max(0, len(running) - HOME_ROWS),
        "learnings": learnings,
        "started_recently": sum(count for _, count in portfolio.weeks[-RECENT_WEEKS:]),
        "recent_weeks": RECENT_WEEKS,
        "portfolio": portfolio,
    }


def _team_context(viewer: User, team: Team) -> dict[str, Any] | None:
    experiments = list(
        selectors.experiment_list(viewer=viewer, filters=ExperimentFilters(team=team.slug))[
            :TEAM_ROWS
        ]
    )
    if not experiments:
        return None
    return {"experiments": experiments}


def _metric_experiments(viewer: User, metric_key: str) -> dict[str, Any]:
    experiments = list(selectors.experiment_list(viewer=viewer).filter(wbr_metric_key=metric_key))
    return {"experiments": experiments, "metric_key": metric_key}


def _metric_context(viewer: User, metric: Metric) -> dict[str, Any]:
    return _metric_experiments(viewer, metric.key)


def _goal_context(viewer: User, goal: Any) -> dict[str, Any] | None:
    return _metric_experiments(viewer, goal.metric_key) if goal.metric_key else None


def register_panels() -> None:
    """The home page's running experiments and learnings; the team page's experiments."""
    panel_register(
        "home",
        Panel(
            key="weblab",
            title="Weblab",
            template="weblab/partials/_home_weblab.html",
            context=_home_context,
            order=50,
        ),
    )
    panel_register(
        "metric",
        Panel(
            key="experiments",
            title="Experiments on this metric",
            template="weblab/partials/_metric_experiments.html",
            context=_metric_context,
            order=40,
        ),
    )
    panel_register(
        "goal",
        Panel(
            key="experiments",
            title="Experiments on its metric",
            template="weblab/partials/_metric_experiments.html",
            context=_goal_context,
            order=40,
        ),
    )
    panel_register(
        "team",
        Panel(
            key="experiments",
            title="Experiments",
            template="weblab/partials/_team_experiments.html",
            context=_team_context,
            order=120,
        ),
    )
