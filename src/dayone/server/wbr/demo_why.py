"""The demo's why for the current week, written from the deck it explains.

Each note opens with what the deck shows (the metric rose, fell or held week over week, by how
much, to what, and against last year), then names the incident behind the move only when the
incident pushed the metric the way it moved; when it pushed the other way, the note says the
metric moved despite it. A note can therefore never describe a move its chart does not show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from dayone.wbr import Deck, MetricResult, format_change, format_value, value_format

# Below this a week-over-week change is "level": 0.05% or half a basis point.
LEVEL = {"percent": 0.05, "bps": 0.5}


class Incident(Protocol):
    """Something that went wrong (the demo's incidents): its title, first day and daily impact."""

    @property
    def title(self) -> str: ...

    def first_day(self, end: dt.date) -> dt.date: ...

    def intensity(self, days: NDArray[np.datetime64], end: dt.date) -> NDArray[np.float64]: ...


@dataclass(frozen=True, slots=True)
class Cause:
    """An incident behind a metric's moves: which way it pushes the metric while it lasts
    (+1 up, -1 down), what to say when the metric moved its way as it began (``onset``) or back
    as it faded (``recovery``), and what to say when it no longer bears on the week (``after``).
    A metric that moved against the incident's pull is said to have moved despite it."""

    incident: Incident
    pushes: int
    onset: str = ""
    recovery: str = ""
    after: str = ""


def direction(result: MetricResult) -> int:
    """+1, -1 or 0: the metric's week-over-week move as the deck shows it."""
    change = result.box.wow
    if change is None or not np.isfinite(change) or abs(change) < LEVEL[result.box.comparison]:
        return 0
    return 1 if change > 0 else -1


def headline(name: str, result: MetricResult) -> str:
    """What the deck shows: ``Orders rose 4.1% week over week, to 41,230 (+6.0% on last year).``"""
    box = result.box
    value = format_value(box.last_week, value_format(result.unit))
    yoy = format_change(box.yoy, box.comparison)
    against = f" ({yoy} on last year)" if box.yoy is not None else ""
    moved = direction(result)
    if moved == 0:
        return f"{name} held level week over week, at {value}{against}."
    size = format_change(abs(box.wow or 0.0), box.comparison).lstrip("+")
    verb = "rose" if moved > 0 else "fell"
    return f"{name} {verb} {size} week over week, to {value}{against}."


def push_on_the_week(incident: Incident, end: dt.date) -> float:
    """How much more the incident weighed on the last week than on the week before (days at
    full impact); positive when it weighed more on the last week."""
    days = np.arange(
        np.datetime64(end - dt.timedelta(days=13), "D"),
        np.datetime64(end + dt.timedelta(days=1), "D"),
    )
    level = incident.intensity(days, end)
    return float(level[7:].sum() - level[:7].sum())


def why(name: str, result: MetricResult, cause: Cause | None, end: dt.date) -> str:
    """The note for one metric: the headline, then the cause when it bears on the move."""
    text = headline(name, result)
    if cause is None:
        return text
    weighs = push_on_the_week(cause.incident, end)
    push = cause.pushes * weighs
    if abs(push) < 0.01:
        return f"{text} {cause.after}".strip()
    moved = direction(result)
    pulled = 1 if push > 0 else -1
    if moved == pulled:
        return f"{text} {cause.onset if weighs > 0 else cause.recovery}".strip()
    first = cause.incident.first_day(end)
    return (
        f"{text} That is against the pull of the {cause.incident.title[0].lower()}"
        f"{cause.incident.title[1:]} (from {first:%A} {first.day} {first:%B}), which by itself "
        f"would have moved it {'up' if pulled > 0 else 'down'}."
    )


def demo_why(
    deck: Deck, end: dt.date, causes: dict[str, tuple[str, Cause | None]]
) -> dict[str, str]:
    """The week's note for every commented metric that the deck shows, by metric key, from
    each metric's name and the incident that bears on it (``causes``)."""
    notes = {}
    for key, (name, cause) in causes.items():
        result = deck.metrics.get(key)
        if result is None:
            continue
        notes[key] = why(name, result, cause, end)
    return notes
