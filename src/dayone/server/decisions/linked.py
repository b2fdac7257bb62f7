"""What a decision is linked to in the parts above it: its goal, its document, its experiment.

Goals, documents and Weblab sit above decisions and point at them (a link to a goal, a review's
decision, an experiment's decision). Each registers, in its ``AppConfig.ready``, how it finds
its records for a decision; the decision's page asks every one of them and never imports them.
A finder gets the viewer and the decision (its links loaded) and reads through its part's
selectors, so the part's permissions hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.decisions.models import Decision

Slot = Literal["goal", "document", "experiment"]


@dataclass(frozen=True, slots=True)
class LinkedRecord:
    """One record of another part a decision is linked to, as the decision's page lists it."""

    title: str
    url: str
    status: str
    """Where the record stands, in words: a goal's latest review or outcome, an experiment's
    state, a document's state."""
    badge: str = ""
    """The CSS class its part draws that status with."""
    detail: str = ""
    """A few more words: the kind of document, when the goal was last reviewed."""
    team_id: int | None = None
    """The team the record belongs to, if any: the decision's team is read from it."""
    ref: str = ""
    """What a decision's link names it by (a goal's id, a document's slug, an experiment's key):
    such a link is shown as the record, not again among the other links."""


@dataclass(frozen=True, slots=True)
class Finder:
    """How one part finds its records for a decision, and what the page says when none is."""

    slot: Slot
    label: str
    empty: str
    find: Callable[[User | AnonymousUser, Decision], list[LinkedRecord]]
    kinds: tuple[str, ...] = ()
    """The kinds of a decision's links that name its records."""
    order: int = 100


_FINDERS: dict[Slot, Finder] = {}


def linked_register(finder: Finder) -> None:
    """Add (or replace) how a part finds its records for a decision."""
    _FINDERS[finder.slot] = finder


def linked_finders() -> list[Finder]:
    """Every registered finder, in the order the page lists them."""
    return sorted(_FINDERS.values(), key=lambda finder: (finder.order, finder.slot))
