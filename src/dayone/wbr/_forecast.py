"""Are we on track? A month-end forecast against target, from arrays of daily values.

With more than a year and two months of history, the rest of the month is last year's same days
(364 days back, so weekdays align) scaled by the growth over last year (the geometric mean of
the month to date's growth and the last 56 days'): trend, weekly and yearly seasonality (a
December peak comes from last December). Its 80% band is measured, not assumed: the same
forecast is made from every day of the past year whose outcome is known, for the same number
of days ahead, and the 10th and 90th percentiles of actual over forecast scale the remainder. A
backtest (``bench/wbr_forecast.py``) checks that the band covers 75-85% of actuals.

With less history, the model is statsmodels' Holt-Winters exponential smoothing (additive damped trend, additive
weekly seasonality) on the last eight weeks of daily values, with fixed smoothing constants so
that no optimiser runs: one fit costs a few milliseconds, and only metrics with a target are
forecast. The month-end value is the month so far plus the forecast for the remaining days,
aggregated as the metric is (a sum for sums and counts, a mean for means). The 80% band is
``1.2816 * residual sd * sqrt(days left)`` around the forecast remainder.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Literal

import numpy as np

from dayone.wbr import _calendar as cal
from dayone.wbr._deck import Forecast

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from numpy.typing import NDArray

HISTORY_DAYS = 56
Z80 = 1.2816
FORECASTABLE = ("sum", "count", "mean")
TARGETS = ("sum", "mean", "count", "first", "last")
METHOD = "Holt-Winters (statsmodels), damped additive trend, weekly seasonality"
YEARLY_METHOD = "last year's same days times recent growth, band measured on the past year"
LAG = 364
GROWTH_DAYS = 56
MIN_ORIGINS = 28
BIAS = 1.0


def _sums(cs: NDArray[np.float64], start: NDArray[np.int64], days: int) -> NDArray[np.float64]:
    return np.asarray(cs[start + days] - cs[start], dtype=np.float64)


def _yearly_rest(
    y: NDArray[np.float64], remaining: int, window: int
) -> tuple[float, float, float] | None:
    """The sum of the next ``remaining`` days after ``y`` ends: (median, 10th, 90th percentile).

    None when there is too little history or a value in the windows used is missing.
    """
    o = y.size - 1
    span = max(window, GROWTH_DAYS)
    first = LAG + span - 1  # the first origin with a year and the growth windows behind it
    origins = np.arange(max(first, o - remaining - 365), o - remaining + 1, dtype=np.int64)
    if o < first or origins.size < MIN_ORIGINS:
        return None
    filled = np.where(np.isfinite(y), y, 0.0)
    cs = np.concatenate(([0.0], np.cumsum(filled)))
    ok = np.concatenate(([0], np.cumsum(~np.isfinite(y))))

    def predict(p: NDArray[np.int64]) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        ahead = _sums(cs, p + 1 - LAG, remaining)
        gaps = ok[p + 1] - ok[p - span + 1 - LAG]  # a missing day from a year back to the origin
        with np.errstate(divide="ignore", invalid="ignore"):
            growth = [
                _sums(cs, p - w + 1, w) / _sums(cs, p - w + 1 - LAG, w)
                for w in (window, GROWTH_DAYS)
            ]
            pred = np.sqrt(growth[0] * growth[1]) * ahead
        return pred, (gaps == 0) & np.isfinite(pred) & (pred > 0)

    past, usable = predict(origins)
    actual = _sums(cs, origins + 1, remaining)
    usable &= (ok[origins + 1 + remaining] - ok[origins + 1]) == 0
    usable &= actual > 0
    if usable.sum() < MIN_ORIGINS:
        return None
    ratio = np.log(actual[usable] / past[usable])
    point, ready = predict(np.asarray([o], dtype=np.int64))
    if not ready[0]:
        return None
    q10, q90 = np.quantile(ratio, [0.1, 0.9])
    base = float(point[0])
    return base, base * float(np.exp(q10)), base * float(np.exp(q90))


def forecast_month(
    *,
    week_ending: dt.date,
    aggregations: Sequence[str],
    daily: NDArray[np.float64],
    present: NDArray[np.bool_],
    month_to_date: NDArray[np.float64],
    targets: Mapping[int, float | None],
) -> dict[int, Forecast]:
    """Month-end forecasts of the columns in ``targets``, which map a column to its month's goal.

    ``daily`` and ``present`` are days x columns ending on ``week_ending``; ``month_to_date``
    holds each column's value so far this month (NaN when unknown); ``aggregations`` each
    column's aggregation. A column without a goal, without eight full weeks of data or
    without a month-to-date value gets no forecast.
    """
    return forecast_period(
        period="month",
        start=cal.month_start(week_ending),
        end=cal.month_end(week_ending),
        week_ending=week_ending,
        aggregations=aggregations,
        daily=daily,
        present=present,
        to_date=month_to_date,
        targets=targets,
    )


def forecast_period(
    *,
    period: Literal["month", "quarter"],
    start: dt.date,
    end: dt.date,
    week_ending: dt.date,
    aggregations: Sequence[str],
    daily: NDArray[np.float64],
    present: NDArray[np.bool_],
    to_date: NDArray[np.float64],
    targets: Mapping[int, float | None],
    partial: Mapping[int, tuple[int, dt.date | None]] | None = None,
) -> dict[int, Forecast]:
    """Period-end forecasts (a month, or a fiscal quarter from ``start`` to ``end``) of the
    columns in ``targets``, which map a column to the period's goal; ``to_date`` holds each
    column's value from ``start`` to ``week_ending``. As :func:`forecast_month` otherwise.

    ``partial`` maps a column whose plan misses days of the period to the number of days it
    covers and the last of them: its forecast is made but not compared with a target.
    """
    partial = partial or {}
    if end <= week_ending or not targets:
        return {}
    recent = daily[-HISTORY_DAYS:]
    recent_present = present[-HISTORY_DAYS:]
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    out: dict[int, Forecast] = {}
    remaining = (end - week_ending).days
    month_days = (end - start).days + 1
    month_to_date = to_date
    for i, goal in targets.items():
        if goal is None or len(recent) < HISTORY_DAYS or not recent_present[:, i].all():
            continue
        actual = float(month_to_date[i])
        y = np.ascontiguousarray(recent[:, i])
        if not np.isfinite(actual) or not np.all(np.isfinite(y)):
            continue
        full = np.where(present[:, i], daily[:, i], np.nan).astype(np.float64)
        yearly = _yearly_rest(full, remaining, month_days - remaining)
        if yearly is not None:
            out[i] = _forecast(
                aggregation=aggregations[i],
                actual=actual,
                rest=yearly,
                elapsed=month_days - remaining,
                month_days=month_days,
                end=end,
                goal=float(goal),
                method=YEARLY_METHOD,
                period=period,
                covered=partial.get(i),
            )
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = ExponentialSmoothing(
                y,
                trend="add",
                damped_trend=True,
                seasonal="add",
                seasonal_periods=7,
                initialization_method="heuristic",
            ).fit(
                smoothing_level=0.3,
                smoothing_trend=0.05,
                smoothing_seasonal=0.1,
                damping_trend=0.9,
                optimized=False,
            )
        ahead = np.asarray(fit.forecast(remaining), dtype=np.float64)
        sd = float(np.std(np.asarray(fit.resid, dtype=np.float64)))
        band = Z80 * sd * float(np.sqrt(remaining))
        rest = float(ahead.sum())
        out[i] = _forecast(
            aggregation=aggregations[i],
            actual=actual,
            rest=(rest, rest - band, rest + band),
            elapsed=month_days - remaining,
            month_days=month_days,
            end=end,
            goal=float(goal),
            method=METHOD,
            period=period,
            covered=partial.get(i),
        )
    return out


def _forecast(
    *,
    aggregation: str,
    actual: float,
    rest: tuple[float, float, float],
    elapsed: int,
    month_days: int,
    end: dt.date,
    goal: float,
    method: str,
    period: Literal["month", "quarter"],
    covered: tuple[int, dt.date | None] | None = None,
) -> Forecast:
    """The month-end value from the month so far and the rest's (point, low, high) sums."""
    if aggregation == "mean":
        point, low, high = ((actual * elapsed + r) / month_days for r in rest)
    else:
        point, low, high = (actual + r for r in rest)
    return Forecast(
        period=period,
        period_end=end,
        actual_to_date=actual,
        estimate=point,
        low=low,
        high=high,
        # a plan that misses days of the period (``covered``) is not the period's target
        target=None if covered else goal,
        gap_percent=(point / goal - 1.0) * 100.0 if goal and not covered else None,
        method=method,
        target_days=covered[0] if covered else None,
        target_through=covered[1] if covered else None,
    )
