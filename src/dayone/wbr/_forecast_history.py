"""How far to trust a forecast: a metric's past period-end forecasts against what happened.

For each of the last twelve months and four fiscal quarters that have ended by the week ending,
the forecast the deck would have made at each week ending inside the period (from the days up
to it only) is set against the period's actual value. The forecasts are the yearly method's
(:mod:`._forecast`); a period whose forecast falls back to Holt-Winters, or with a missing day,
is left out. ``bench/wbr_forecast.py`` runs the same comparison over every metric of the demo.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

import numpy as np

from dayone.wbr import _calendar as cal
from dayone.wbr._deck import Forecast, ForecastCheck
from dayone.wbr._forecast import YEARLY_METHOD, _forecast, _yearly_rest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from numpy.typing import NDArray

MONTHS = 12
QUARTERS = 4

Forecasts = dict[str, tuple[Forecast | None, Forecast | None, tuple[ForecastCheck, ...]]]
"""Per metric: its month-end forecast, its quarter-end forecast and how past ones did."""


def quarter_bounds(day: dt.date, fiscal_year_end_month: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the fiscal quarter holding ``day``."""
    start = cal.fiscal_quarter_start(day, fiscal_year_end_month)
    return start, cal.add_months(start, 3) - dt.timedelta(days=1)


def _periods(
    week_ending: dt.date, fiscal_year_end_month: int, months: int, quarters: int
) -> Iterator[tuple[Literal["month", "quarter"], dt.date, dt.date]]:
    """The last ``months`` months and ``quarters`` quarters that ended by ``week_ending``."""
    month = cal.month_start(week_ending)
    if cal.month_end(week_ending) != week_ending:
        month = cal.add_months(month, -1)
    for k in range(months - 1, -1, -1):
        first = cal.add_months(month, -k)
        yield "month", first, cal.month_end(first)
    start, end = quarter_bounds(week_ending, fiscal_year_end_month)
    if end != week_ending:
        start = cal.add_months(start, -3)
    for k in range(quarters - 1, -1, -1):
        first = cal.add_months(start, -3 * k)
        yield "quarter", first, cal.add_months(first, 3) - dt.timedelta(days=1)


def forecast_history(
    daily: NDArray[np.float64],
    *,
    first_day: dt.date,
    week_ending: dt.date,
    aggregation: str,
    fiscal_year_end_month: int = 12,
    months: int = MONTHS,
    quarters: int = QUARTERS,
) -> tuple[ForecastCheck, ...]:
    """Past month- and quarter-end forecasts of one metric against the actuals, oldest first.

    ``daily`` holds the metric's value on each day from ``first_day`` (NaN where missing);
    ``aggregation`` is ``sum``, ``count`` or ``mean``.
    """
    checks: list[ForecastCheck] = []
    base = first_day.toordinal()
    step = dt.timedelta(days=7)
    for period, start, end in _periods(week_ending, fiscal_year_end_month, months, quarters):
        lo, hi = start.toordinal() - base, end.toordinal() - base
        if lo < 0 or hi >= daily.size or not np.all(np.isfinite(daily[lo : hi + 1])):
            continue
        days = hi - lo + 1
        total = float(daily[lo : hi + 1].sum())
        actual = total / days if aggregation == "mean" else total
        if not actual:
            continue
        origin = end - dt.timedelta(days=(end.weekday() - week_ending.weekday()) % 7 or 7)
        while origin >= start:
            o = origin.toordinal() - base
            remaining = (end - origin).days
            elapsed = days - remaining
            rest = _yearly_rest(daily[: o + 1], remaining, elapsed)
            if rest is not None:
                so_far = float(daily[lo : o + 1].sum())
                to_date = so_far / elapsed if aggregation == "mean" else so_far
                f = _forecast(
                    aggregation=aggregation,
                    actual=to_date,
                    rest=rest,
                    elapsed=elapsed,
                    month_days=days,
                    end=end,
                    goal=1.0,
                    method=YEARLY_METHOD,
                    period=period,
                )
                checks.append(
                    ForecastCheck(
                        period=period,
                        made_on=origin,
                        period_end=end,
                        estimate=f.estimate,
                        low=f.low,
                        high=f.high,
                        actual=actual,
                        error_percent=(f.estimate / actual - 1.0) * 100.0,
                        inside=f.low <= actual <= f.high,
                    )
                )
            origin -= step
    checks.sort(key=lambda c: (c.period_end, c.made_on))
    return tuple(checks)
