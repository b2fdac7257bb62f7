"""What other parts add to the deck: sections after its metrics, such as what customers told
us, and notes beside a metric, such as anecdotes that disagree with it.

A part registers a section or notes once, in its ``AppConfig.ready``; the deck (web page and
PDF) shows every registered section that has something to say for the week, and the web deck
shows each metric's notes under its why. The WBR never imports the parts that fill them.

What they give a reader for a week is kept (``core.readcache``) until a table they read is
written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from dayone.server.core.readcache import cached, reader_key
from dayone.wbr import ExtraItem, ExtraSection

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

    def compute() -> tuple[ExtraSection, ...]:
        found = (_EXTRAS[key](viewer, week) for key in sorted(_EXTRAS))
        return tuple(section for section in found if section is not None)

    return cached(f"deck:extras:{week.isoformat()}:{reader_key(viewer)}", compute)


DeckNotes = Callable[
    ["User | AnonymousUser", dt.date, Mapping[str, Sequence[dt.date]]],
    Mapping[str, Sequence[ExtraItem]],
]
"""Given the viewer, the deck's week and each metric's signal weeks in the deck, the notes to
show beside metrics, by metric key."""

_NOTES: dict[str, DeckNotes] = {}


def deck_notes_register(key: str, notes: DeckNotes) -> None:
    """Add (or replace) a source of notes beside the deck's metrics."""
    _NOTES[key] = notes


def deck_notes(
    *, viewer: User | AnonymousUser, week: dt.date, signal_weeks: Mapping[str, Sequence[dt.date]]
) -> dict[str, tuple[ExtraItem, ...]]:
    """Every registered source's notes for the week, by metric key, sources in key order."""

    def compute() -> dict[str, tuple[ExtraItem, ...]]:
        found: dict[str, tuple[ExtraItem, ...]] = {}
        for key in sorted(_NOTES):
            for metric, items in _NOTES[key](viewer, week, signal_weeks).items():
                found[metric] = found.get(metric, ()) + tuple(items)
        return found

    signals = repr(sorted((key, list(weeks)) for key, weeks in signal_weeks.items()))
    digest = hashlib.sha1(signals.encode(), usedforsecurity=False).hexdigest()[:16]
    return cached(f"deck:notes:{week.isoformat()}:{digest}:{reader_key(viewer)}", compute)
