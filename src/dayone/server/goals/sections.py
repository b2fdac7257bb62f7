"""The goals section of a team's page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from dayone.server.goals import selectors
from dayone.server.org.sections import TeamSection, team_section_register

if TYPE_CHECKING:
    from dayone.server.core.models import User
    from dayone.server.org.models import Team


def _context(viewer: User, team: Team) -> dict[str, Any]:
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


def register_team_section() -> None:
    """Show a team's goals, with their status over the last year, on its page."""
    team_section_register(
        TeamSection(
            key="goals", title="Goals", template="goals/partials/_team_goals.html", context=_context
        )
    )
