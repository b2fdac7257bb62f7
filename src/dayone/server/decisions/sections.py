"""The decisions section of a team's page: what the team decides and what its goals raised."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayone.server.decisions import selectors
from dayone.server.decisions.enums import SourceKind
from dayone.server.goals.selectors import goal_list_for_team
from dayone.server.org.sections import TeamSection, team_section_register
from dayone.server.org.selectors import team_member_ids

if TYPE_CHECKING:
    from dayone.server.core.models import User
    from dayone.server.org.models import Team

TEAM_DECISIONS = 8
"""How many decisions a team's page shows, newest first."""


def _context(viewer: User, team: Team) -> dict[str, Any]:
    goal_ids = goal_list_for_team(viewer=viewer, team=team).values_list("pk", flat=True)
    decisions = selectors.decision_list_linked(
        viewer=viewer,
        kind=SourceKind.GOAL,
        refs=list(goal_ids),
        decider_ids=team_member_ids(viewer=viewer, team_id=team.pk),
    )
    return {
        "linked": selectors.decision_rows(list(decisions[:TEAM_DECISIONS])),
        "empty": "No decisions yet by this team's people or about its goals.",
    }


def register_team_section() -> None:
    """Show the decisions a team's people make, and those about its goals, on its page."""
    team_section_register(
        TeamSection(
            key="decisions",
            title="Decisions",
            template="decisions/partials/_team_decisions.html",
            context=_context,
            order=110,
        )
    )
