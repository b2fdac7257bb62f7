"""Panels other parts add to a shared page: the home page, a team's page, a metric's page, a
document's page, a goal's and an experiment's page.

A part registers its panels once, in its ``AppConfig.ready``; the page renders every panel
registered for it, in order, each from its own template and context. The page that hosts the
panels never imports the parts that fill them.

A panel's context function gets the viewer and the page's subject (the team on a team page,
the metric on a metric's page, the document, goal or experiment on theirs, ``None`` on the home page)
and returns the template's context, or ``None`` when the panel has nothing to say to this
viewer and is left out.

A drawn panel is kept for its reader (``core.readcache``) until a table it read, or its
subject's table, is written. A panel drawn again once the deck is computed (``after_deck``)
depends on more than the database, and is drawn for every request; so may its template hold a
form, whose token belongs to the reader's session.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from dayone.server.core.readcache import cached, reader_key
from dayone.server.core.utils import current_user

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest

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


def panels_drawn(
    request: HttpRequest, page: Page, subject: Model | None = None, *, after_deck: bool = False
) -> list[tuple[Panel, SafeString]]:
    """The panels of ``page`` drawn for the request's reader, leaving out those with nothing to
    show; with ``after_deck``, only those drawn again once the deck is computed."""
    viewer = current_user(request)
    drawn = []
    for panel in panels(page):
        if after_deck and not panel.after_deck:
            continue
        if panel.after_deck:
            html = _draw(panel, viewer, page, subject, request)
        else:
            html = cached(
                f"panel:{page}:{panel.key}:{reader_key(viewer)}:{subject.pk if subject else ''}",
                lambda panel=panel: _draw(panel, viewer, page, subject),  # type: ignore[misc]
                reads=(subject._meta.db_table,) if subject is not None else (),
            )
        if html is not None:
            drawn.append((panel, mark_safe(html)))  # noqa: S308 - drawn by our own template
    return drawn


def _draw(
    panel: Panel,
    viewer: User,
    page: Page,
    subject: Model | None,
    request: HttpRequest | None = None,
) -> str | None:
    """The panel's HTML, or ``None``. A kept panel is drawn from its context, the viewer and the
    page's subject alone; one drawn for each request gets the request's too (its form token)."""
    context = panel.context(viewer, subject)
    if context is None:
        return None
    return render_to_string(
        panel.template, {"panel_data": context, "user": viewer, page: subject}, request=request
    )
