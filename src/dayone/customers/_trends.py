"""Weekly counts of each theme, their signals, and anecdotes that disagree with a metric.

A theme's weekly count is read like any WBR metric: an XmR chart over its baseline weeks, and a
week outside the natural process limits (or ending a run of eight on one side) is a signal.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dayone.wbr import Limits, Signal, xmr_signals

if TYPE_CHECKING:
    from numpy.typing import NDArray

RISING = frozenset({"above_upper_limit", "run_above_center"})


def week_ends(last: dt.date, weeks: int) -> tuple[dt.date, ...]:
    """The ``weeks`` week-ending dates up to ``last``, oldest first, seven days apart."""
    return tuple(last - dt.timedelta(days=7 * (weeks - 1 - i)) for i in range(weeks))


def weekly_counts(
    dates: Sequence[dt.date],
    themes: Sequence[int],
    *,
    ends: Sequence[dt.date],
    keys: Sequence[int] | None = None,
) -> tuple[list[int], NDArray[np.float64]]:
    """How many anecdotes each theme had in each week ending on ``ends``.

    Returns the theme keys (sorted; ``keys`` adds themes that may have no anecdote in the weeks)
    and a weeks x themes matrix; dates outside the weeks are left out. A date belongs to the first
    week ending on or after it.
    """
    keys = sorted(set(themes) | set(keys or ()))
    column = {k: j for j, k in enumerate(keys)}
    matrix = np.zeros((len(ends), len(keys)), dtype=np.float64)
    first = ends[0] - dt.timedelta(days=6) if ends else None
    for date, theme in zip(dates, themes, strict=True):
        if first is None or date < first or date > ends[-1]:
            continue
        matrix[bisect.bisect_left(ends, date), column[theme]] += 1
    return keys, matrix


@dataclass(frozen=True, slots=True)
class ThemeTrend:
    """One theme's weekly counts with the limits and signals of its XmR chart."""

    theme: int
    counts: tuple[int, ...]
    limits: Limits | None
    signals: tuple[Signal, ...]

    @property
    def rising(self) -> bool:
        """Whether one of its signals says the count went up beyond routine variation."""
        return any(s.rule in RISING for s in self.signals)


def theme_trends(
    keys: Sequence[int], matrix: NDArray[np.float64], *, ends: Sequence[dt.date], shown: int = 6
) -> list[ThemeTrend]:
    """Each theme's trend, with signals judged over the last ``shown`` weeks."""
    shown = min(shown, len(ends))
    limits, signals = xmr_signals(matrix, week_ends=tuple(ends[len(ends) - shown :]))
    return [
        ThemeTrend(
            theme=key,
            counts=tuple(int(v) for v in matrix[:, j]),
            limits=limits[j],
            signals=signals[j],
        )
        for j, key in enumerate(keys)
    ]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Anecdotes of a theme rose beyond routine variation while its metric showed no signal.

    ``recent`` is the theme's weekly average over the last weeks, ``baseline`` over the weeks
    before them.
    """

    theme: int
    metric: str
    week_ending: dt.date
    recent: float
    baseline: float

    @property
    def ratio(self) -> float:
        """The recent weekly average over the baseline's (``inf`` when the baseline is zero)."""
        return self.recent / self.baseline if self.baseline else float("inf")


def disagreements(
    trends: Sequence[ThemeTrend],
    links: Mapping[int, Sequence[str]],
    metric_signals: Mapping[str, Sequence[object]],
    *,
    recent_weeks: int = 4,
) -> list[Disagreement]:
    """Each (theme, linked metric) pair where the theme is rising and the metric looks fine.

    ``links`` maps a theme to the metrics that should move with it; ``metric_signals`` holds each
    metric's signals (or the weeks of them) over the same shown weeks: only whether there are
    any matters, and a metric missing from it is not judged.
    """
    out: list[Disagreement] = []
    for trend in trends:
        if not trend.rising or trend.limits is None:
            continue
        week = max(s.week_ending for s in trend.signals if s.rule in RISING)
        recent = float(np.mean(trend.counts[-recent_weeks:]))
        earlier = trend.counts[:-recent_weeks]
        baseline = float(np.mean(earlier)) if earlier else trend.limits.center
        out.extend(
            Disagreement(
                theme=trend.theme,
                metric=metric,
                week_ending=week,
                recent=recent,
                baseline=baseline,
            )
            for metric in links.get(trend.theme, ())
            if metric in metric_signals and not metric_signals[metric]
        )
    return out


@dataclass(frozen=True, slots=True)
class ThemeMove:
    """How a theme's count in the last week compares with its weekly average before it."""

    theme: int
    count: int
    before: float

    @property
    def change(self) -> float:
        """The last week's count minus the average of the weeks before it."""
        return self.count - self.before


def themes_moved(
    trends: Sequence[ThemeTrend], *, top: int = 5, before_weeks: int = 4
) -> list[ThemeMove]:
    """The ``top`` themes whose last week moved most from their average of the ``before_weeks``
    weeks before it (largest change first, rises before falls of the same size); themes that
    did not move are left out."""
    moves = []
    for trend in trends:
        if not trend.counts:
            continue
        earlier = trend.counts[-1 - before_weeks : -1]
        before = float(np.mean(earlier)) if earlier else 0.0
        move = ThemeMove(theme=trend.theme, count=trend.counts[-1], before=before)
        if move.change:
            moves.append(move)
    moves.sort(key=lambda m: (-abs(m.change), -m.change, m.theme))
    return moves[:top]
