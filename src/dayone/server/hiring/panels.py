"""The hiring panel of the home page: the feedback the viewer owes, with its deadline, and on
roles they hire or recruit for, who owes feedback past due (who, never what it says)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayone.server.core.panels import Panel, panel_register
from dayone.server.hiring import selectors

if TYPE_CHECKING:
    from dayone.server.core.models import User


def _home_context(viewer: User, _subject: object) -> dict[str, Any] | None:
    """Only when the viewer owes feedback or someone owes it on their roles."""
    owed = selectors.feedback_owed(viewer=viewer)
    others = [i for i in selectors.overdue_feedback(viewer=viewer) if i.interviewer_id != viewer.pk]
    if not owed and not others:
        return None
    return {
        "owed": owed,
        "others": others,
        "hours": selectors.settings_get().feedback_due_hours,
    }


def register_panels() -> None:
    """Interview feedback on the home page."""
    panel_register(
        "home",
        Panel(
            key="hiring",
            title="Interview feedback",
            template="hiring/partials/_home_feedback.html",
            context=_home_context,
            order=30,
        ),
    )
