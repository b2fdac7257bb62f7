"""Process behaviour (XmR) charts: natural process limits and signals, for all metrics at once.

For each metric the baseline is its last 26 weekly values (at least 8 needed). The centre line
is their mean, the moving range is the mean absolute week-to-week change, and the natural process
limits are ``centre +/- 2.66 * moving range`` (Wheeler). A shown week is a signal when it lies
outside the limits (rule 1) or ends a run of eight weeks on one side of the centre (rule 2).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from dayone.wbr._deck import Limits, Signal

if TYPE_CHECKING:
    from numpy.typing import NDArray

SCALE = 2.66
MIN_POINTS = 8
RUN = 8


def xmr_signals(
    window: NDArray[np.float64], *, week_ends: tuple[dt.date, ...]
) -> tuple[list[Limits | None], list[tuple[Signal, ...]]]:
    """Limits and signals for each column of ``window`` (weeks x metrics, oldest first).

    ``week_ends`` are the dates of the last ``len(week_ends)`` rows: the weeks that are shown.
    """
    n_weeks, n_metrics = window.shape
    valid = np.isfinite(window)
    enough = valid.sum(axis=0) >= MIN_POINTS
    with np.errstate(invalid="ignore", divide="ignore"):
        safe = np.where(valid, window, 0.0)
        center = safe.sum(axis=0) / np.maximum(valid.sum(axis=0), 1)
        moves = np.abs(np.diff(window, axis=0))
        moves_valid = np.isfinite(moves)
        mr = np.where(moves_valid, moves, 0.0).sum(axis=0) / np.maximum(moves_valid.sum(axis=0), 1)
    upper = center + SCALE * mr
    lower = center - SCALE * mr
    shown = len(week_ends)
    recent = window[n_weeks - shown :, :]
    above = recent > upper
    below = recent < lower
    side = np.sign(np.where(valid, window - center, np.nan))
    run_above = np.zeros_like(above)
    run_below = np.zeros_like(below)
    for k in range(shown):
        end = n_weeks - shown + k + 1
        if end - RUN < 0:
            continue
        block = side[end - RUN : end, :]
        run_above[k] = np.all(block > 0, axis=0)
        run_below[k] = np.all(block < 0, axis=0)
    limits: list[Limits | None] = []
    signals: list[tuple[Signal, ...]] = []
    for j in range(n_metrics):
        if not enough[j] or not np.isfinite(center[j]):
            limits.append(None)
            signals.append(())
            continue
        limits.append(
            Limits(
                center=float(center[j]),
                lower=float(lower[j]),
                upper=float(upper[j]),
                baseline_weeks=int(valid[:, j].sum()),
            )
        )
        found: list[Signal] = []
        for k in (
            int(x)
            for x in np.flatnonzero(above[:, j] | below[:, j] | run_above[:, j] | run_below[:, j])
        ):
            value = float(recent[k, j])
            if above[k, j]:
                rule = "above_upper_limit"
            elif below[k, j]:
                rule = "below_lower_limit"
            elif run_above[k, j]:
                rule = "run_above_center"
            else:
                rule = "run_below_center"
            found.append(Signal(week_ending=week_ends[k], value=value, rule=rule))  # type: ignore[arg-type]
        signals.append(tuple(found))
    return limits, signals
