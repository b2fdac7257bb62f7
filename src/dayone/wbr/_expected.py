"""Signals against what was expected: trend and yearly seasonality, limits on what remains.

A week is judged against what the same week of last year and the recent trend lead us to
expect. Weeks are whole weeks, so the weekly seasonality (weekends, paydays within the week) is
already inside each value; the yearly seasonality is the same week 52 weeks earlier (the same
weekdays, so Black Friday and Cyber Monday line up); the trend is how far the metric has run
ahead of or behind last year over the 13 weeks before the judged weeks, as a median so that
an incident of a few weeks does not move it. For a metric whose values are all positive the model works
on logarithms (growth is a ratio), otherwise on the values:

    d[t]       = y[t] - y[t - 52]                   (year-over-year change)
    expected   = y[t - 52] + median(d[o - 13 : o]) + bias   (o = the first judged week)
    residual   = y[t] - expected

Process-control limits are put on the residual. Its spread is measured, for each horizon (1 to
6 weeks after the origin), on the same forecast made for each of the 52 weeks before the judged
weeks: their median is the bias (a trend that speeds up or slows down), their spread a robust
standard deviation (1.4826 x the median absolute deviation), so the weeks
being judged and past exceptional weeks do not widen their own limits. Where the season moves
fast (last year's week differs from its neighbours by far more than routine variation, as around
Christmas, which falls a weekday later each year), the limits widen by half of that difference
beyond two standard deviations (:func:`_season_allowance`). A judged week is a signal when its
residual is more than ``SIGMAS`` of those standard deviations from zero.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from dayone.wbr._deck import Limits, Signal

if TYPE_CHECKING:
    from numpy.typing import NDArray

SEASON = 52
TREND_WEEKS = 13
BASELINE_WEEKS = 52
MIN_BASELINE = 13
SIGMAS = 3.5
MAD_SCALE = 1.4826
SEASON_ALLOWANCE = 0.5
SEASON_KNEE = 2.0
HISTORY_WEEKS = SEASON + TREND_WEEKS + BASELINE_WEEKS + 6
"""Weeks needed before the first judged week for a full baseline."""


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Medians of all-missing columns are NaN, without a warning."""
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def _nanmedian(a: NDArray[np.float64], axis: int) -> NDArray[np.float64]:
    """The median along ``axis`` of the finite values (NaN where there are none), vectorised.

    ``np.nanmedian`` falls back to a Python loop over the other axes when values are missing.
    """
    ordered = np.sort(np.moveaxis(a, axis, -1), axis=-1)  # NaN sorts last
    n = np.isfinite(ordered).sum(axis=-1)
    lo = np.maximum((n - 1) // 2, 0)[..., None]
    hi = np.maximum(n // 2, 0)[..., None]
    middle = (np.take_along_axis(ordered, lo, -1) + np.take_along_axis(ordered, hi, -1)) / 2
    return np.where(n > 0, middle[..., 0], np.nan)


def _season_allowance(
    z: NDArray[np.float64], t: int, sigma: NDArray[np.float64]
) -> NDArray[np.float64]:
    """How far last year's week may be off for week ``t`` because the season moves fast there.

    Last year's week is 364 days back, a day or two off the calendar (Christmas falls a weekday
    later each year). Where last year's week differs from its neighbours by much more than
    routine variation (the steep fall after the last shipping day), being a day or two out of
    step is itself a change: half of that difference, beyond ``SEASON_KNEE`` standard
    deviations, widens the limits. Elsewhere it is zero and the limits are unchanged.
    """
    with _quiet():
        step = np.fmax(
            np.abs(z[t - SEASON] - z[t - SEASON - 1]), np.abs(z[t - SEASON + 1] - z[t - SEASON])
        )
        step = np.where(np.isfinite(step), step, 0.0)
        beyond = np.maximum(step - SEASON_KNEE * np.where(np.isfinite(sigma), sigma, 0.0), 0.0)
    return np.asarray(SEASON_ALLOWANCE * beyond, dtype=np.float64)


def _part_of_month(day: dt.date) -> str:
    part = "early" if day.day <= 10 else "mid" if day.day <= 20 else "late"
    return f"{part} {day:%B}"


def _changes(
    window: NDArray[np.float64], first: int, origin: int
) -> tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Which metrics are modelled on logarithms, the modelled values, their change over a year,
    and the trend: at row ``i`` in ``first``-``origin``, the median change of the
    ``TREND_WEEKS`` weeks ending at ``i``."""
    positive = np.all((window > 0) | ~np.isfinite(window), axis=0)
    with _quiet():
        z = np.where(positive, np.log(np.where(window > 0, window, np.nan)), window)
    d = np.full_like(z, np.nan)
    d[SEASON:] = z[SEASON:] - z[:-SEASON]
    trend = np.full_like(d, np.nan)
    runs = sliding_window_view(d[first - TREND_WEEKS + 1 : origin], TREND_WEEKS, axis=0)
    with _quiet():
        trend[first:origin] = _nanmedian(runs, axis=2)
    trend[first:origin][np.isfinite(runs).sum(axis=2) < TREND_WEEKS // 2] = np.nan
    return positive, z, d, trend


def expected_signals(
    window: NDArray[np.float64], *, week_ends: tuple[dt.date, ...]
) -> tuple[list[Limits | None], list[tuple[Signal, ...]]]:
    """Limits for the last week and signals for each column of ``window`` (weeks x metrics).

    ``week_ends`` are the dates of the last ``len(week_ends)`` rows: the weeks being judged.
    Rows are consecutive weeks, oldest first; missing values are NaN. A metric without
    ``SEASON + TREND_WEEKS + MIN_BASELINE`` weeks before the judged weeks gets no limits.
    """
    n_weeks, n_metrics = window.shape
    shown = len(week_ends)
    origin = n_weeks - shown
    limits: list[Limits | None] = [None] * n_metrics
    signals: list[tuple[Signal, ...]] = [()] * n_metrics
    base_lo = max(SEASON + TREND_WEEKS, origin - BASELINE_WEEKS)
    first = base_lo - shown
    if shown == 0 or origin - base_lo < MIN_BASELINE or first < TREND_WEEKS - 1:
        return limits, signals
    positive, z, d, trend = _changes(window, first, origin)
    level = trend[origin - 1]
    # last year's weeks, cleaned of what was exceptional in them, so it does not echo a year on
    reference = z[origin - SEASON : n_weeks - SEASON].copy()
    for h in range(1, shown + 1):
        rows = np.arange(base_lo, origin)
        past = d[rows] - trend[rows - h]
        with _quiet():
            bias = _nanmedian(past, axis=0)
            sigma = MAD_SCALE * _nanmedian(np.abs(past - bias), axis=0)
        if h == 1:
            ref_rows = np.arange(origin - SEASON, n_weeks - SEASON)
            last_year = np.full_like(reference, np.nan)
            ok = ref_rows - 1 >= first
            last_year[ok] = d[ref_rows[ok]] - trend[ref_rows[ok] - 1] - bias
            with _quiet():
                odd = np.abs(last_year) > SIGMAS * sigma
            reference = np.where(odd, reference - last_year, reference)
        t = origin + h - 1
        expected_z = reference[h - 1] + level + bias
        with _quiet():
            spread = np.sqrt(sigma**2 + _season_allowance(z, t, sigma) ** 2)
            score = (z[t] - expected_z) / np.where(sigma > 0, spread, np.nan)
        n_base = np.isfinite(past).sum(axis=0)
        usable = (n_base >= MIN_BASELINE) & np.isfinite(expected_z) & (sigma > 0)
        with _quiet():
            expected = np.where(positive, np.exp(expected_z), expected_z)
        if h == shown:
            with _quiet():
                lower = expected_z - SIGMAS * spread
                upper = expected_z + SIGMAS * spread
                lower = np.where(positive, np.exp(lower), lower)
                upper = np.where(positive, np.exp(upper), upper)
            for j in np.flatnonzero(usable).tolist():
                limits[j] = Limits(
                    center=float(expected[j]),
                    lower=float(lower[j]),
                    upper=float(upper[j]),
                    baseline_weeks=int(n_base[j]),
                )
        day = week_ends[h - 1]
        with _quiet():
            exceptional = usable & np.isfinite(score) & (np.abs(score) > SIGMAS)
        for j in np.flatnonzero(exceptional).tolist():
            sc = float(score[j])
            where = "above" if sc > 0 else "below"
            reason = (
                f"{abs(sc):.1f} sigma {where} what {_part_of_month(day)} usually brings "
                f"(expected from the same week last year and the recent trend)"
            )
            signals[j] = (
                *signals[j],
                Signal(
                    week_ending=day,
                    value=float(window[t, j]),
                    rule="above_expected" if sc > 0 else "below_expected",
                    expected=float(expected[j]),
                    sigmas=round(sc, 2),
                    reason=reason,
                ),
            )
    return limits, signals
