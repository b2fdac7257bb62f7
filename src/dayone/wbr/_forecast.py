"""Are we on track? A month-end forecast against target, from arrays of daily values.

The model is statsmodels' Holt-Winters exponential smoothing (additive damped trend, additive
weekly seasonality) on the last eight weeks of daily values, with fixed smoothing constants so
that no optimiser runs: one fit costs a few milliseconds, and only metrics with a target are
forecast. The month-end value is the month so far plus the forecast for the remaining days,
aggregated as the metric is (a sum for sums and counts, a mean for means). The 80% band is
``1.2816 * residual sd * sqrt(days left)`` around the forecast remainder.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

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
    end = cal.month_end(week_ending)
    if end == week_ending or not targets:
        return {}
    recent = daily[-HISTORY_DAYS:]
    recent_present = present[-HISTORY_DAYS:]
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    out: dict[int, Forecast] = {}
    remaining = (end - week_ending).days
    month_days = end.day
    for i, goal in targets.items():
        if goal is None or len(recent) < HISTORY_DAYS or not recent_present[:, i].all():
            continue
        y = np.ascontiguousarray(recent[:, i])
        if not np.all(np.isfinite(y)):
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
        actual = float(month_to_date[i])
        if not np.isfinite(actual):
            continue
        band = Z80 * sd * float(np.sqrt(remaining))
        if aggregations[i] == "mean":
            elapsed = month_days - remaining
            estimate = (actual * elapsed + float(ahead.sum())) / month_days
            band = band / month_days
        else:
            estimate = actual + float(ahead.sum())
        gap = (estimate / goal - 1.0) * 100.0 if goal else None
        out[i] = Forecast(
            period="month",
            period_end=end,
            actual_to_date=actual,
            estimate=estimate,
            low=estimate - band,
            high=estimate + band,
            target=float(goal),
            gap_percent=gap,
            method=METHOD,
        )
    return out
