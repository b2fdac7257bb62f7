"""Sections other parts add to the deck after its metrics, such as what customers told us.

A part registers a section once, in its ``AppConfig.ready``; the deck (web page and PDF) shows
every registered section that has something to say for the week. The WBR never imports the
parts that fill them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from dayone.wbr import ExtraSection

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User

DeckExtra = Callable[["User | AnonymousUser", dt.date], ExtraSection | None]
"""Given the viewer and the deck's week, the section to show, or ``None`` to leave it out."""

_EXTRAS: dict[str, DeckExtra] = {}


def deck_extra_register(key: str, section: DeckExtra) -> None:
    """Add (or replace) a section of the deck."""
    _EXTRAS[key] = section


def deck_extras(*, viewer: User | AnonymousUser, week: dt.date) -> tuple[ExtraSection, ...]:
    """Every registered section for the week, in key order, leaving out those with nothing."""
    found = (_EXTRAS[key](viewer, week) for key in sorted(_EXTRAS))
    return tuple(section for section in found if section is not None)
