"""Aggregate: weeks, months and the box ranges as reductions over row ranges of the days.

A week, a month or a box range (MTD, QTD, YTD, this year's and last year's) is a row range of
the day-by-metric matrix; every metric is reduced in the same numpy call. Distinct counts are
aggregated from the source rows in the warehouse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dayone.wbr import _calendar as cal
from dayone.wbr._daily import distinct_expr
from dayone.wbr._expected import HISTORY_WEEKS
from dayone.wbr._prepare import floats

if TYPE_CHECKING:
    import pyarrow as pa
    from numpy.typing import NDArray

    from dayone.wbr._prepare import Context, Days

WEEKS = 6
MONTHS = 12
PY_DAYS = 364


@dataclass(slots=True)
class Grain:
    """One grain's aggregated values: periods x metrics."""

    lo: NDArray[np.int64]
    hi: NDArray[np.int64]
    values: NDArray[np.float64]
    partial: NDArray[np.bool_]
    gaps: NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Periods:
    """The periods the deck reads (ordinals): week ends, month ends, the six box ranges.

    The weeks cover the six shown, last year's, and the signals' baseline; the months run from
    two years and a month back to the week ending's month. The box ranges are this year's and
    last year's MTD, QTD and YTD, in that order, pairwise.
    """

    week_ends: list[int]
    month_ends: list[int]
    box: list[tuple[dt.date, dt.date]]

    @property
    def week_starts(self) -> list[int]:
        """The first day of each week."""
        return [e - 6 for e in self.week_ends]

    @property
    def month_starts(self) -> list[int]:
        """The first day of each month."""
        return [dt.date.fromordinal(e).replace(day=1).toordinal() for e in self.month_ends]

    @property
    def start(self) -> int:
        """The first day any period reads."""
        return min(
            self.week_starts[0], self.month_starts[0], *(lo.toordinal() for lo, _ in self.box)
        )

    def last_full_month(self, we: dt.date) -> int:
        """The index of the last month that has ended by ``we``."""
        end = we if cal.month_end(we) == we else cal.month_start(we) - dt.timedelta(days=1)
        return self.month_ends.index(end.toordinal())


def periods(we: dt.date, fiscal_year_end_month: int) -> Periods:
    """The periods of a deck for the week ending ``we``."""
    count = WEEKS + HISTORY_WEEKS
    end = we.toordinal()
    week_ends = [end - 7 * (count - 1 - i) for i in range(count)]
    current = cal.add_months(cal.month_start(we), -(MONTHS * 2 + 1))
    month_ends: list[int] = []
    while current <= we:
        month_ends.append(cal.month_end(current).toordinal())
        current = cal.add_months(current, 1)
    py_day = cal.one_year_back(we)
    fy_end = fiscal_year_end_month
    box = [
        (cal.month_start(we), we),
        (cal.month_start(py_day), py_day),
        (cal.fiscal_quarter_start(we, fy_end), we),
        (cal.fiscal_quarter_start(py_day, fy_end), py_day),
        (cal.fiscal_year_start(we, fy_end), we),
        (cal.fiscal_year_start(py_day, fy_end), py_day),
    ]
    return Periods(week_ends, month_ends, box)


@dataclass(frozen=True, slots=True)
class Grains:
    """The aggregated weeks, months and box ranges."""

    weeks: Grain
    months: Grain
    box: Grain


def aggregate(ctx: Context, days: Days, p: Periods) -> Grains:
    """Every metric's value over every period; derived metrics are still missing (NaN)."""
    distinct: dict[str, pa.Table] = {}
    counted = [
        (i, m, ctx.column_of[m.name])
        for i, m in enumerate(ctx.base)
        if m.aggregation == "count_distinct"
    ]
    if counted:
        t = ctx.wh.table(ctx.src.relation)
        available = set(ctx.src.columns)
        for grain in ("weekly", "monthly", "boxed"):
            expr = distinct_expr(t, counted, available, grain=grain, we=ctx.we, ranges=p.box)
            distinct[grain] = ctx.wh.run(expr)
    weeks = _grain(ctx, days, distinct.get("weekly"), p.week_ends, p.week_starts)
    months = _grain(
        ctx,
        days,
        distinct.get("monthly"),
        p.month_ends,
        p.month_starts,
        key_is_start=True,
    )
    epoch = dt.date(1970, 1, 1).toordinal()
    box = _grain(
        ctx,
        days,
        distinct.get("boxed"),
        [epoch + k for k in range(len(p.box))],
        [lo.toordinal() for lo, _ in p.box],
        explicit_hi=[hi.toordinal() for _, hi in p.box],
    )
    return Grains(weeks, months, box)


def _reduce(
    ctx: Context, days: Days, lo: list[int], hi: list[int]
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Each base metric's value and count of days with data over the periods ``lo``-``hi``.

    Sums and counts add the daily values, means divide the sum by the days with data, min
    and max take the extremes, first and last the value of the first and last day with
    data; a period without data is missing (NaN).
    """
    n = len(ctx.base)
    values = np.full((len(lo), n), np.nan)
    counts = np.zeros((len(lo), n), dtype=np.int64)
    for p, (a, b) in enumerate(zip(lo, hi, strict=True)):
        s = max(a, days.start) - days.start
        e = min(b, days.end) - days.start + 1
        if e <= s:
            continue
        count = days.present[s:e].sum(axis=0)
        counts[p] = count
        row = days.zeroed[s:e].sum(axis=0)
        for kind, (cols, matrix, mask) in days.kinds.items():
            if kind == "mean":
                with np.errstate(invalid="ignore", divide="ignore"):
                    row[cols] = row[cols] / count[cols]
            elif kind == "min":
                row[cols] = matrix[s:e].min(axis=0)
            elif kind == "max":
                row[cols] = matrix[s:e].max(axis=0)
            elif kind == "first":
                at = np.argmax(mask[s:e], axis=0)
                row[cols] = matrix[s + at, np.arange(len(cols))]
            elif kind == "last":
                at = e - 1 - np.argmax(mask[s:e][::-1], axis=0)
                row[cols] = matrix[at, np.arange(len(cols))]
            else:  # count_distinct: from the source rows, not the days
                row[cols] = np.nan
        row[count == 0] = np.nan
        values[p] = row
    return values, counts


def _grain(
    ctx: Context,
    days: Days,
    distinct: pa.Table | None,
    keys: list[int],
    lo: list[int],
    *,
    key_is_start: bool = False,
    explicit_hi: list[int] | None = None,
) -> Grain:
    """Aggregate the days over a grain's periods, over the days present; mark the gaps."""
    history = days.history
    n_periods = len(keys)
    k = len(ctx.metrics)
    hi_list = explicit_hi if explicit_hi is not None else keys
    base_values, _ = _reduce(ctx, days, lo, hi_list)
    values = np.full((n_periods, k), np.nan)
    base_cols = [ctx.index[m.name] for m in ctx.base]
    values[:, base_cols] = base_values
    if distinct is not None:
        position = {x: i for i, x in enumerate(lo if key_is_start else keys)}
        d_keys = distinct.column(0).to_pylist()
        d_rows = np.array(
            [position.get(x.toordinal() if isinstance(x, dt.date) else int(x), -1) for x in d_keys],
            dtype=np.int64,
        )
        d_keep = d_rows >= 0
        for name in distinct.column_names[1:]:
            j = int(name[1:])
            values[d_rows[d_keep], ctx.index[ctx.base[j].name]] = floats(distinct.column(name))[
                d_keep
            ]
    hi = np.array(hi_list, dtype=np.int64)
    lo_arr = np.array(lo, dtype=np.int64)
    we = ctx.we.toordinal()
    hi_c = np.minimum(hi, we)[:, None]
    # a period missing a day (or with a blank cell) is computed over the days present and
    # marked incomplete: ``gaps``
    cum = np.vstack([np.zeros((1, len(base_cols)), dtype=np.int64), days.missing.cumsum(axis=0)])
    a = np.clip(lo_arr - days.start, 0, days.end - days.start + 1)
    b = np.clip(hi_c[:, 0] - days.start + 1, 0, days.end - days.start + 1)
    gaps_base = (cum[np.maximum(a, b)] - cum[a]) > 0
    partial_base = (lo_arr[:, None] < history[None, :]) & (hi_c >= history[None, :])
    gaps = np.zeros((n_periods, k), dtype=bool)
    partial = np.zeros((n_periods, k), dtype=bool)
    gaps[:, base_cols] = gaps_base
    partial[:, base_cols] = partial_base
    return Grain(lo=lo_arr, hi=hi, values=values, partial=partial, gaps=gaps)
