"""The decisions panels on the home page: what waits on the viewer and which escalations are
overdue. (A team's decisions sit on its page through the goals panels, as they read its goals.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayone.server.core.panels import Panel, panel_register
from dayone.server.decisions import selectors

if TYPE_CHECKING:
    from dayone.server.core.models import User

HOME_ITEMS = 5
"""How many items of each kind the home page lists."""


def _waiting_context(viewer: User, _subject: object) -> dict[str, Any] | None:
    """Decisions to make, stances owed and escalations to rule on: shown only when there are some."""
    queue = selectors.person_queue(viewer=viewer, person_id=viewer.pk, recent=False)
    if not (queue.to_decide or queue.awaiting_stance or queue.escalations):
        return None
    return {
        "to_decide": queue.to_decide[:HOME_ITEMS],
        "awaiting_stance": queue.awaiting_stance[:HOME_ITEMS],
        "escalations": queue.escalations[:HOME_ITEMS],
        "counts": (len(queue.to_decide), len(queue.awaiting_stance), len(queue.escalations)),
    }


def _overdue_context(viewer: User, _subject: object) -> dict[str, Any] | None:
    """The company's overdue escalations, oldest first: shown only when there are some."""
    overdue = list(selectors.escalation_list(viewer=viewer, overdue_only=True)[:HOME_ITEMS])
    return {"overdue": overdue} if overdue else None


def register_panels() -> None:
    """The home page's queue and overdue escalations."""
    panel_register(
        "home",
        Panel(
            key="overdue-escalations",
            title="Overdue escalations",
            template="decisions/partials/_home_escalations.html",
            context=_overdue_context,
            order=5,
        ),
    )
    panel_register(
        "home",
        Panel(
            key="decisions-waiting",
            title="Decisions waiting on you",
            template="decisions/partials/_home_waiting.html",
            context=_waiting_context,
            order=10,
        ),
    )
