"""The daily table and the distinct counts as portable queries (Ibis), for every engine.

Raw rows become the day-by-metric matrix in one grouped query: one aggregate per base metric
over a date's rows (filtered metrics keep the rows their filter selects; ``first`` and ``last``
take the value of the first and last row with one, in row order). Distinct counts are counted
from the rows over each period, never summed across days. Each query is an Ibis expression,
compiled by the warehouse for its engine (DuckDB, Spark). Ibis is imported only when a query
is built: a CSV with one row per date and plain columns needs none, and skips its start-up.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from dayone.wbr._config_validate import resolve_column
from dayone.wbr._filter import parse_filter
from dayone.wbr._source import ROW

if TYPE_CHECKING:
    from collections.abc import Sequence

    import ibis.expr.types as ir

    from dayone.wbr._model import Metric

EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def metric_value(
    t: ir.Table, metric: Metric, column: str, available: set[str]
) -> ir.FloatingScalar:
    """One base metric over a group of rows, as a double (``None`` when no row has a value)."""
    import ibis

    x = t[column]
    pred: ir.BooleanValue | None = None
    if metric.where is not None:
        parsed = parse_filter(metric.where)
        mapping = {c: resolve_column(c, available) or c for c in parsed.columns}
        pred = parsed.to_ibis(t, mapping)
    agg = metric.aggregation
    value: Any
    if agg == "sum":
        value = x.sum(where=pred)
        if pred is not None:  # a filter that selects no row sums to 0, not to nothing
            value = ibis.ifelse(t.count(where=pred) == 0, ibis.literal(0.0), value.cast("float64"))
    elif agg == "count":
        value = x.count(where=pred)
    elif agg == "count_distinct":
        value = x.nunique(where=pred)
    elif agg == "mean":
        value = x.mean(where=pred)
    elif agg == "min":
        value = x.min(where=pred)
    elif agg == "max":
        value = x.max(where=pred)
    else:
        present = x.notnull() if pred is None else pred & x.notnull()
        row = t[ROW]
        value = x.argmin(row, where=present) if agg == "first" else x.argmax(row, where=present)
    result: ir.FloatingScalar = value.cast("float64")
    return result


def daily_expr(
    t: ir.Table,
    metrics: Sequence[Metric],
    columns: Sequence[str],
    available: set[str],
    *,
    lo: dt.date | None = None,
    hi: dt.date | None = None,
) -> ir.Table:
    """Per date from ``lo`` to ``hi`` (inclusive), each metric's value as ``m0``, ``m1``...

    and its count of rows with a blank value as ``b0``, ``b1``... (a date with several rows
    can have a value and a blank cell).
    """
    import ibis

    if lo is not None:
        t = t.filter(t.date >= ibis.literal(lo))
    if hi is not None:
        t = t.filter(t.date <= ibis.literal(hi))
    values: dict[str, Any] = {}
    for i, (m, c) in enumerate(zip(metrics, columns, strict=True)):
        values[f"m{i}"] = metric_value(t, m, c, available)
        values[f"b{i}"] = blank_rows(t, m, c, available)
    return t.group_by("date").aggregate(**values)


def blank_rows(t: ir.Table, metric: Metric, column: str, available: set[str]) -> ir.IntegerScalar:
    """How many of a date's rows that the metric reads (its filter's) have a blank value."""
    blank = t[column].isnull()
    if metric.where is not None:
        parsed = parse_filter(metric.where)
        mapping = {c: resolve_column(c, available) or c for c in parsed.columns}
        blank = parsed.to_ibis(t, mapping) & blank
    result: ir.IntegerScalar = t.count(where=blank)
    return result


def plain_expr(t: ir.Table, columns: Sequence[str], *, hi: dt.date) -> ir.Table:
    """One row per date already: the date and each metric's column as a double."""
    import ibis

    t = t.filter(t.date <= ibis.literal(hi))
    return t.select(date=t.date, **{f"m{i}": t[c].cast("float64") for i, c in enumerate(columns)})


def totals_expr(daily: ir.Table, aggregations: Sequence[str]) -> ir.Table:
    """The daily values ``m0``, ``m1``... over all their dates, as ``t0``, ``t1``..., with the
    number of dates that have a value as ``d0``, ``d1``... and the last such date as ``z0``..."""
    totals: dict[str, Any] = {}
    for i, aggregation in enumerate(aggregations):
        m = daily[f"m{i}"]
        totals[f"d{i}"] = m.count()
        totals[f"z{i}"] = daily.date.max(where=m.notnull())
        if aggregation == "first":
            totals[f"t{i}"] = m.argmin(daily.date)
        elif aggregation == "last":
            totals[f"t{i}"] = m.argmax(daily.date)
        elif aggregation == "mean":
            totals[f"t{i}"] = m.mean()
        else:
            totals[f"t{i}"] = m.sum()
    return daily.aggregate(**totals)


def _week_end_ordinal(date: ir.DateValue, weekday: int) -> ir.IntegerValue:
    """The ordinal of the last day of the week (ending on ``weekday``, Monday 0) of ``date``."""
    days = date.epoch_days() + EPOCH_ORDINAL
    result: ir.IntegerValue = days + (7 + weekday - date.day_of_week.index()) % 7
    return result


def distinct_expr(
    t: ir.Table,
    metrics: Sequence[tuple[int, Metric, str]],
    available: set[str],
    *,
    grain: str,
    we: dt.date,
    ranges: Sequence[tuple[dt.date, dt.date]] = (),
) -> ir.Table:
    """Distinct counts ``v<i>`` per period key ``k``, counted from the rows up to ``we``.

    ``grain`` is ``weekly`` (key: the week's last day as an ordinal), ``monthly`` (key: the
    month's first day) or ``boxed`` (key: the epoch's ordinal plus the range's position in
    ``ranges``; a row counts in every range holding its date).
    """
    import ibis

    t = t.filter(t.date <= ibis.literal(we))

    def counts(rows: ir.Table) -> dict[str, ir.FloatingScalar]:
        return {f"v{i}": metric_value(rows, m, c, available) for i, m, c in metrics}

    if grain == "boxed":
        parts = [
            t.filter(t.date.between(ibis.literal(lo), ibis.literal(hi)))
            .aggregate(**counts(t))
            .mutate(k=ibis.literal(EPOCH_ORDINAL + k, type="int64"))
            for k, (lo, hi) in enumerate(ranges)
        ]
        expr: ir.Table = ibis.union(*parts, distinct=False)
    else:
        key = (
            _week_end_ordinal(t.date, we.weekday())
            if grain == "weekly"
            else t.date.truncate("M").epoch_days() + EPOCH_ORDINAL
        )
        expr = t.group_by(k=key.cast("int64")).aggregate(**counts(t))
    return expr.select("k", *(f"v{i}" for i, _, _ in metrics)).order_by("k")
