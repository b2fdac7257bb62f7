"""Are we on track? A month-end forecast against target, for metrics that have a target.

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
    from dayone.wbr._compute import _Builder

HISTORY_DAYS = 56
Z80 = 1.2816
FORECASTABLE = ("sum", "count", "mean")
METHOD = "Holt-Winters (statsmodels), damped additive trend, weekly seasonality"


def forecast_month(builder: _Builder) -> dict[str, Forecast]:
    """Month-end forecasts for the builder's metrics that have a base-metric target."""
    we = builder.we
    end = cal.month_end(we)
    if end == we:
        return {}
    pairs: list[tuple[int, int]] = []
    for metric in builder.base:
        if metric.target is None or metric.aggregation not in FORECASTABLE:
            continue
        target_metric = builder.metrics[builder.index[metric.target]]
        if target_metric.is_derived or target_metric.aggregation not in (
            "sum",
            "mean",
            "count",
            "first",
            "last",
        ):
            continue
        pairs.append((builder.base_index[metric.name], builder.base_index[target_metric.name]))
    if not pairs:
        return {}
    recent = builder.days.values[-HISTORY_DAYS:]
    recent_present = builder.days.present[-HISTORY_DAYS:]
    exprs = builder._daily_exprs()
    target_idx = sorted({t for _, t in pairs})
    month_first = cal.month_start(we)
    target_sql = ", ".join(exprs[t] for t in target_idx)
    outer = ", ".join(_outer(builder.base[t].aggregation, t) for t in target_idx)
    targets_tbl = builder.wh.query(
        f"SELECT {outer} FROM (SELECT date, {target_sql} FROM {builder.src.relation} "  # noqa: S608 - generated names
        "WHERE date BETWEEN ? AND ? GROUP BY date)",
        [month_first, end],
    )
    targets = {t: targets_tbl.column(n)[0].as_py() for n, t in enumerate(target_idx)}
    mtd_row = 0  # box ranges: row 0 is this month to date
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    out: dict[str, Forecast] = {}
    remaining = (end - we).days
    month_days = end.day
    for i, t in pairs:
        goal = targets.get(t)
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
        metric = builder.base[i]
        actual = _actual_to_date(builder, metric.name, mtd_row)
        if actual is None:
            continue
        band = Z80 * sd * float(np.sqrt(remaining))
        if metric.aggregation == "mean":
            elapsed = month_days - remaining
            estimate = (actual * elapsed + float(ahead.sum())) / month_days
            band = band / month_days
        else:
            estimate = actual + float(ahead.sum())
        gap = (estimate / goal - 1.0) * 100.0 if goal else None
        out[metric.name] = Forecast(
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


def _outer(aggregation: str, t: int) -> str:
    if aggregation == "first":
        return f"arg_min(m{t}, date) AS t{t}"
    if aggregation == "last":
        return f"arg_max(m{t}, date) AS t{t}"
    fn = "avg" if aggregation == "mean" else "sum"
    return f"{fn}(m{t}) AS t{t}"


def _actual_to_date(builder: _Builder, name: str, row: int) -> float | None:
    value = builder.box_values[row, builder.index[name]]
    return None if not np.isfinite(value) else float(value)
