"""The WBR panel of the home page: last week's deck in a glance, signals first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayone.server.core.panels import Panel, panel_register
from dayone.server.wbr import selectors

if TYPE_CHECKING:
    from dayone.server.core.models import User


def _home_context(viewer: User, _subject: object) -> dict[str, Any] | None:
    """The week the deck is for; the summary itself is computed when the page asks for it."""
    if not selectors.metric_list(viewer=viewer).exists():
        return None
    when = selectors.deck_week(viewer=viewer)
    if when.week is None:
        return None
    return {"when": when}


def register_panels() -> None:
    """Last week's WBR on the home page."""
    panel_register(
        "home",
        Panel(
            key="wbr",
            title="Last week's WBR",
            template="wbr/partials/_home_wbr.html",
            context=_home_context,
            order=20,
        ),
    )
