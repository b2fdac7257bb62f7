"""The customers panel of the home page: open "?" escalations, the viewer's own first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayone.server.core.panels import Panel, panel_register
from dayone.server.customers import selectors

if TYPE_CHECKING:
    from dayone.server.core.models import User

HOME_ITEMS = 5
"""How many open escalations the home page lists."""


def _home_context(viewer: User, _subject: object) -> dict[str, Any] | None:
    """Open escalations (the viewer's, then the company's by deadline): only when there are some."""
    open_rows = selectors.escalation_list(
        viewer=viewer, filters=selectors.EscalationFilters(open=True)
    )
    company = list(open_rows[:HOME_ITEMS])
    if not company:
        return None
    mine = list(open_rows.filter(owner=viewer)[:HOME_ITEMS])
    return {
        "mine": mine,
        "company": [e for e in company if e.owner_id != viewer.pk],
        "total": open_rows.count(),
    }


def register_panels() -> None:
    """Open "?" escalations on the home page."""
    panel_register(
        "home",
        Panel(
            key="customer-escalations",
            title='Open "?" escalations',
            template="customers/partials/_home_escalations.html",
            context=_home_context,
            order=8,
        ),
    )
