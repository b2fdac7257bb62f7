"""The documents panels: on the home page, the reviews the viewer has to read and the
documents in review; on a team's page, the team's documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayone.server.core.panels import Panel, panel_register
from dayone.server.documents import selectors
from dayone.server.documents.enums import DocumentStatus
from dayone.server.documents.selectors import DocumentFilters

if TYPE_CHECKING:
    from dayone.server.core.models import User
    from dayone.server.teams.models import Team

HOME_ROWS = 5
"""How many documents in review the home page lists."""


def _home_context(viewer: User, _subject: object) -> dict[str, Any] | None:
    to_read = selectors.reading_queue(viewer=viewer)
    reading = {row.review.document_id for row in to_read}
    in_review = list(
        selectors.document_list(
            viewer=viewer, filters=DocumentFilters(status=DocumentStatus.IN_REVIEW)
        ).exclude(pk__in=reading)[: HOME_ROWS + 1]
    )
    if not to_read and not in_review:
        return None
    return {
        "to_read": to_read,
        "in_review": in_review[:HOME_ROWS],
        "in_review_more": len(in_review) > HOME_ROWS,
    }


def _team_context(viewer: User, team: Team) -> dict[str, Any] | None:
    documents = list(
        selectors.document_list(viewer=viewer, filters=DocumentFilters(team=team.slug))
    )
    if not documents:
        return None
    return {"documents": documents, "team": team}


def register_panels() -> None:
    """The home page's reading list; the team page's documents."""
    panel_register(
        "home",
        Panel(
            key="documents",
            title="Documents",
            template="documents/partials/_home_documents.html",
            context=_home_context,
            order=15,
        ),
    )
    panel_register(
        "team",
        Panel(
            key="documents",
            title="Documents",
            template="documents/partials/_team_documents.html",
            context=_team_context,
            order=40,
        ),
    )
