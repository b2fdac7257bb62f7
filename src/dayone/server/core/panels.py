"""Panels other parts add to a shared page: the home page, a team's page, a metric's page, a
document's page, a goal's and an experiment's page.

A part registers its panels once, in its ``AppConfig.ready``; the page renders every panel
registered for it, in order, each from its own template and context. The page that hosts the
panels never imports the parts that fill them.

A panel's context function gets the viewer and the page's subject (the team on a team page,
the metric on a metric's page, the document, goal or experiment on theirs, ``None`` on the home page)
and returns the template's context, or ``None`` when the panel has nothing to say to this
viewer and is left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from dayone.server.core.models import User

Page = Literal["home", "team", "metric", "document", "goal", "experiment"]


@dataclass(frozen=True, slots=True)
class Panel:
    """A panel on a page: a title, a template, and the context it needs."""

    key: str
    title: str
    template: str
    context: Callable[[User, Any], dict[str, Any] | None]
    order: int = 100
    after_deck: bool = False
    """What it shows changes once the latest WBR deck is computed: a metric's page draws it
    again when its panel in the deck is computed. Such a panel is always shown (its context is
    never ``None``), so the page has its place."""


_PANELS: defaultdict[str, dict[str, Panel]] = defaultdict(dict)


def panel_register(page: Page, panel: Panel) -> None:
    """Add (or replace) a panel of ``page``."""
    _PANELS[page][panel.key] = panel


def panels(page: Page) -> list[Panel]:
    """Every panel registered for ``page``, in order."""
    return sorted(_PANELS[page].values(), key=lambda panel: (panel.order, panel.key))


def panels_render(
    page: Page, viewer: User, subject: object = None
) -> list[tuple[Panel, dict[str, Any]]]:
    """The panels of ``page`` with their context for ``viewer``, leaving out those with nothing to show."""
    rendered = []
    for panel in panels(page):
        context = panel.context(viewer, subject)
        if context is not None:
            rendered.append((panel, context))
    return rendered
