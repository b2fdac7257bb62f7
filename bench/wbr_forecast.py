"""WBR month- and quarter-end forecasts: better than a naive guess, and do their bands mean 80%?

A rolling-origin backtest on Riverbend Books, the demo company (three years of daily data).
Origins are the 7th, 14th and 21st of each of the last 12 months; at each origin the deck's
forecast (``dayone.wbr._forecast.forecast_period``) sees only the days up to it and is compared
with the period's actual total: the month's, and the fiscal quarter's (the quarters that have
ended, so the origins run through the last four of them). The naive method is "period to date
times last year's ratio of the whole period to the same days". Each metric summed by day is
measured.

Targets (the script exits non-zero when one is missed), for each of month and quarter: the
forecast's mean absolute error is below the naive method's on most metrics, and the 80% band
contains the actual in 75-85% of the forecasts over all metrics.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import numpy as np

from dayone.demo import METRIC_COLUMNS, generate_daily
from dayone.wbr import _calendar as cal
from dayone.wbr._forecast import forecast_period
from dayone.wbr._forecast_history import quarter_bounds

END = dt.date(2026, 11, 30)
MONTHS = 12
ORIGIN_DAYS = (7, 14, 21)
COVERAGE = (0.75, 0.85)
FISCAL_YEAR_END = 12


def _last_year(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=364)  # same weekday a year earlier


def _origins(last_month: dt.date) -> list[dt.date]:
    out = []
    month = last_month
    for _ in range(MONTHS):
        out += [month.replace(day=d) for d in ORIGIN_DAYS]
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return sorted(out)


def backtest(period: str) -> bool:
    table = generate_daily(end=END, years=3)
    days = list(table.column("date").to_pylist())
    index = {d: k for k, d in enumerate(days)}
    columns = [c for c in METRIC_COLUMNS if c.aggregation == "sum"]
    data = np.column_stack(
        [
            np.asarray(table.column(c.name).to_numpy(zero_copy_only=False), dtype=float)
            for c in columns
        ]
    )
    present = np.isfinite(data)
    if period == "month":
        origins = _origins(dt.date(END.year, END.month, 1))
    else:  # the last 12 months whose quarter has ended by END
        _, q_end = quarter_bounds(END, FISCAL_YEAR_END)
        if q_end > END:
            q_end = quarter_bounds(END, FISCAL_YEAR_END)[0] - dt.timedelta(days=1)
        origins = _origins(cal.month_start(q_end))
    errors: dict[str, list[float]] = {c.name: [] for c in columns}
    december: list[float] = []  # the yearly peak: month-end forecasts made in December
    naive: dict[str, list[float]] = {c.name: [] for c in columns}
    inside = 0
    total = 0
    start = time.perf_counter()
    for origin in origins:
        if period == "month":
            first, end = origin.replace(day=1), cal.month_end(origin)
        else:
            first, end = quarter_bounds(origin, FISCAL_YEAR_END)
        lo, hi, last = index[first], index[origin], index[end]
        so_far = np.nansum(data[lo : hi + 1], axis=0)
        forecasts = forecast_period(
            period="month" if period == "month" else "quarter",
            start=first,
            end=end,
            week_ending=origin,
            aggregations=["sum"] * len(columns),
            daily=data[: hi + 1],
            present=present[: hi + 1],
            to_date=so_far,
            targets=dict.fromkeys(range(len(columns)), 1.0),
        )
        ly_lo, ly_hi = index[_last_year(first)], index[_last_year(origin)]
        ly_end = index[_last_year(end)]
        for i, c in enumerate(columns):
            actual = float(np.nansum(data[lo : last + 1, i]))
            f = forecasts.get(i)
            if f is None or not actual:
                continue
            errors[c.name].append(abs(f.estimate / actual - 1.0))
            if period == "month" and origin.month == 12:
                december.append(abs(f.estimate / actual - 1.0))
            ratio = np.nansum(data[ly_lo : ly_end + 1, i]) / np.nansum(data[ly_lo : ly_hi + 1, i])
            naive[c.name].append(abs(so_far[i] * ratio / actual - 1.0))
            inside += int(f.low <= actual <= f.high)
            total += 1
    seconds = time.perf_counter() - start
    wins = 0
    print(f"{period}-end forecasts, origins {origins[0]} to {origins[-1]}")
    print(f"{'metric':<28} {'forecast MAE':>13} {'naive MAE':>10}  n")
    for c in columns:
        if not errors[c.name]:
            continue
        ours, theirs = 100 * np.mean(errors[c.name]), 100 * np.mean(naive[c.name])
        wins += int(ours < theirs)
        print(f"{c.name:<28} {ours:>12.2f}% {theirs:>9.2f}%  {len(errors[c.name])}")
    measured = sum(1 for c in columns if errors[c.name])
    coverage = inside / total if total else 0.0
    mae = 100 * np.mean([e for c in columns for e in errors[c.name]])
    print(f"{period}: forecast beats naive on {wins} of {measured} metrics (target: most)")
    print(
        f"{period}: 80% band covers {coverage:.1%} of {total} actuals "
        f"(target {COVERAGE[0]:.0%}-{COVERAGE[1]:.0%}); mean absolute error {mae:.2f}%; "
        f"{seconds:.1f}s"
    )
    if december:
        print(
            f"{period}: December, the yearly peak: mean absolute error {100 * np.mean(december):.2f}% "
            f"over {len(december)} forecasts"
        )
    ok = wins * 2 > measured and COVERAGE[0] <= coverage <= COVERAGE[1]
    print(f"{period}: {'targets met' if ok else 'targets MISSED'}\n")
    return ok


def main() -> int:
    results = [backtest("month"), backtest("quarter")]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
