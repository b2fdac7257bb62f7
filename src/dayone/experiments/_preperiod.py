"""A metric's spread before an experiment: what the power calculator plans with.

Over a window of the events table (the pre-period), each unit with any event gets the metric's
per-unit value (the same measure the analysis computes after exposure); only the count, sums
and sums of squares leave the warehouse. A ratio's variance is the delta method's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dayone.experiments._errors import AnalysisQueryError, InvalidSpecError
from dayone.experiments._query import _EVENT, _column, _measure, _table
from dayone.experiments._spec import EventSource, Metric, to_naive_utc
from dayone.warehouse import Warehouse, WarehouseError

if TYPE_CHECKING:
    from datetime import datetime

    import ibis.expr.types as ir


@dataclass(frozen=True)
class PrePeriod:
    """A metric over a pre-period: units with any event, their mean and variance per unit.

    ``variance`` is ``None`` when fewer than two units were seen; ``days`` is the window's
    length, so ``units_per_week`` estimates how many units an experiment would see a week.
    """

    units: int
    mean: float
    variance: float | None
    days: float

    @property
    def units_per_week(self) -> float:
        return self.units * 7.0 / self.days

    @property
    def std_dev(self) -> float | None:
        return None if self.variance is None else math.sqrt(self.variance)


def pre_period_stats(
    warehouse: Warehouse,
    events: EventSource,
    metric: Metric,
    *,
    start: datetime,
    end: datetime,
) -> PrePeriod:
    """Per-unit mean and variance of ``metric`` over the events in ``[start, end)``.

    Every unit with an event in the window counts (a unit with none of the metric's events has
    the value 0), as every exposed unit would in the experiment.
    """
    if not isinstance(warehouse, Warehouse):
        raise InvalidSpecError("warehouse must be a dayone.warehouse.Warehouse")
    low, high = to_naive_utc(start, "start"), to_naive_utc(end, "end")
    if low is None or high is None or not low < high:
        raise InvalidSpecError("the pre-period needs start < end")
    t = _table(warehouse, events.table)
    picked = {
        _EVENT + "unit": _column(t, events.unit, "EventSource.unit"),
        _EVENT + "ts": _column(t, events.timestamp, "EventSource.timestamp"),
    }
    measures = [m for m in (metric.numerator, metric.denominator) if m is not None]
    for measure in measures:
        names = {c for c, _ in measure.where} | ({measure.column} if measure.column else set())
        for name in sorted(names):
            picked[_EVENT + name] = _column(t, name, f"metric column of {events.table}")
    ev = t.select(**picked)
    ev = ev.filter((ev[_EVENT + "ts"] >= low) & (ev[_EVENT + "ts"] < high))
    window = ev[_EVENT + "ts"].notnull()
    values: dict[str, ir.FloatingScalar] = {"x": _measure(ev, metric.numerator, window)}
    if metric.denominator is not None:
        values["y"] = _measure(ev, metric.denominator, window)
    per_unit = ev.group_by(unit=ev[_EVENT + "unit"]).aggregate(**values)
    sums: dict[str, ir.Scalar] = {"n": per_unit.count()}
    for name in values:
        sums[f"s{name}"] = per_unit[name].sum()
        sums[f"s{name}{name}"] = (per_unit[name] * per_unit[name]).sum()
    if "y" in values:
        sums["sxy"] = (per_unit.x * per_unit.y).sum()
    try:
        row = {k: v[0] for k, v in warehouse.run(per_unit.aggregate(**sums)).to_pydict().items()}
    except WarehouseError as exc:
        raise AnalysisQueryError(f"the pre-period query failed: {exc}") from exc
    n = int(row["n"] or 0)
    days = (high - low).total_seconds() / 86400.0
    if n == 0:
        return PrePeriod(units=0, mean=0.0, variance=None, days=days)
    mx = float(row["sx"]) / n
    vxx = _variance(float(row["sxx"]), mx, n)
    if metric.denominator is None:
        return PrePeriod(units=n, mean=mx, variance=vxx, days=days)
    my = float(row["sy"]) / n
    if my == 0:
        return PrePeriod(units=n, mean=0.0, variance=None, days=days)
    vyy = _variance(float(row["syy"]), my, n)
    if vxx is None or vyy is None:
        return PrePeriod(units=n, mean=mx / my, variance=None, days=days)
    cov = (float(row["sxy"]) - n * mx * my) / (n - 1)
    r = mx / my
    variance = max((vxx - 2 * r * cov + r * r * vyy) / (my * my), 0.0)
    return PrePeriod(units=n, mean=r, variance=variance, days=days)


def _variance(sum_squares: float, mean: float, n: int) -> float | None:
    if n < 2:
        return None
    return max((sum_squares - n * mean * mean) / (n - 1), 0.0)
