"""The one portable query that reduces exposures and events to sufficient statistics.

Written once as an Ibis expression and compiled for the warehouse's engine (DuckDB, Spark).
Per unit: its first exposure (variant, time, dimension value), then each measure over its
events after that time (and, for CUPED, over the window before it). Per variant and dimension
value: the number of units, the sums, the sums of squares and the cross-products. Only those
few numbers leave the warehouse; the whole experiment is their sum over dimension values.

Every per-unit value is cast to DOUBLE before it is summed (DuckDB sums BIGINT into a 128-bit
HUGEINT, Spark's ANSI mode fails on a BIGINT overflow); counts of units stay exact integers.
No hashing happens here: which unit saw which variant comes from the exposures, never from SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import ibis

from dayone.experiments._errors import AnalysisQueryError
from dayone.warehouse import Warehouse, WarehouseError

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from dayone.experiments._spec import AnalysisSpec, Measure

_MICROSECOND = timedelta(microseconds=1)
_EVENT = "__ev_"  # prefix of the event columns in the join, apart from the exposures' own


@dataclass(frozen=True)
class MetricColumns:
    """Names of the result columns that hold one metric's sums."""

    sum: str
    sum_squares: str
    covariate_sum: str | None = None
    covariate_sum_squares: str | None = None
    sum_products: str | None = None
    denominator_sum: str | None = None
    denominator_sum_squares: str | None = None


@dataclass(frozen=True)
class Query:
    """The compiled SQL, its expression, and where each metric's sums are in the result.

    The result has one row per variant, ``mixed`` flag and dimension value (``dim``), with the
    number of units ``n`` and the sums named in ``columns``.
    """

    sql: str
    expr: ir.Table
    columns: dict[str, MetricColumns]


def _table(warehouse: Warehouse, name: str) -> ir.Table:
    try:
        return warehouse.table(name)
    except WarehouseError as exc:
        raise AnalysisQueryError(f"cannot read the table {name!r}: {exc}") from exc


def _column(table: ir.Table, name: str, what: str) -> ir.Column:
    if name not in table.columns:
        raise AnalysisQueryError(
            f"{what}: the table has no column {name!r} (it has: {', '.join(table.columns)})"
        )
    return table[name]


def _exposed(warehouse: Warehouse, spec: AnalysisSpec) -> ir.Table:
    """First exposure per unit; units seen in several variants are marked ``mixed``."""
    x = spec.exposures
    t = _table(warehouse, x.table)
    ts = _column(t, x.timestamp, "ExposureSource.timestamp")
    variant = _column(t, x.variant, "ExposureSource.variant")
    if x.experiment is not None:
        t = t.filter(
            _column(t, x.experiment_column, "ExposureSource.experiment_column") == x.experiment
        )
    if spec._start_utc is not None:
        t = t.filter(ts >= ibis.literal(spec._start_utc))
    if spec._end_utc is not None:
        t = t.filter(ts < ibis.literal(spec._end_utc))
    ts, variant = t[x.timestamp], t[x.variant]
    aggregates: dict[str, Any] = {
        "first_ts": ts.min(),
        "variant": variant.min(),
        "mixed": variant.min() != variant.max(),
    }
    if spec.dimension is not None:
        dim = _column(t, spec.dimension, "AnalysisSpec.dimension")
        aggregates["dim"] = dim.argmin(ts).cast("string")
    unit = _column(t, x.unit, "ExposureSource.unit")
    return t.group_by(unit=unit).aggregate(**aggregates)


def _in_window(events: ir.Table, spec: AnalysisSpec, *, covariates: bool) -> ir.Table:
    """The events that can count: from the start (less the pre-period) to the end.

    With ``EventSource.date``, the same bounds on the date column too, so an engine reading a
    date-partitioned table opens only those dates' files.
    """
    e = spec.events
    lower, upper = spec._start_utc, spec._end_utc
    if lower is not None and covariates:
        assert spec.pre_period is not None  # noqa: S101 - uses_covariate says so
        lower -= spec.pre_period
    ts = _column(events, e.timestamp, "EventSource.timestamp")
    if lower is not None:
        events = events.filter(ts >= ibis.literal(lower))
    if upper is not None:
        events = events.filter(ts < ibis.literal(upper))
    if e.date is None:
        return events
    day = _column(events, e.date, "EventSource.date")
    if lower is not None:
        events = events.filter(day >= ibis.literal(lower.date()))
    if upper is not None:
        events = events.filter(day <= ibis.literal(upper.date()))
    return events


def _event_columns(spec: AnalysisSpec) -> set[str]:
    names: set[str] = set()
    for metric in spec.metrics:
        for measure in (metric.numerator, metric.denominator):
            if measure is None:
                continue
            if measure.column is not None:
                names.add(measure.column)
            names.update(column for column, _ in measure.where)
    return names


def _measure(joined: ir.Table, measure: Measure, window: ir.BooleanValue) -> ir.FloatingScalar:
    """The per-unit aggregate of ``measure`` over the events in ``window``, as a double."""
    condition = window
    for column, values in measure.where:
        value = joined[_EVENT + column]
        condition &= value == values[0] if len(values) == 1 else value.isin(values)
    if measure.aggregate == "sum":
        assert measure.column is not None  # noqa: S101 - checked by Measure
        total = joined[_EVENT + measure.column].sum(where=condition)
        return total.fill_null(0).cast("float64")
    count = joined.count(where=condition).fill_null(0)
    if measure.aggregate == "count":
        return count.cast("float64")
    return (count > 0).cast("float64")


def build_query(warehouse: Warehouse, spec: AnalysisSpec) -> Query:
    """The analysis query for ``spec`` over the warehouse's tables, compiled for its engine.

    Identifiers come from the validated spec; values become literals escaped by the compiler.
    """
    exposed = _exposed(warehouse, spec)
    e = spec.events
    covariates = any(spec.uses_covariate(m) for m in spec.metrics)
    events = _in_window(_table(warehouse, e.table), spec, covariates=covariates)
    picked = {
        _EVENT + "unit": _column(events, e.unit, "EventSource.unit"),
        _EVENT + "ts": _column(events, e.timestamp, "EventSource.timestamp"),
    }
    for name in sorted(_event_columns(spec)):
        picked[_EVENT + name] = _column(events, name, f"metric column of {e.table}")
    ev = events.select(**picked)

    lower = exposed.first_ts
    if covariates:
        assert spec.pre_period is not None  # noqa: S101 - uses_covariate says so
        lower = lower - ibis.interval(spec.pre_period // _MICROSECOND, unit="us")
    predicates = [ev[_EVENT + "unit"] == exposed.unit, ~exposed.mixed, ev[_EVENT + "ts"] >= lower]
    joined = exposed.left_join(ev, predicates)

    post = joined[_EVENT + "ts"] >= joined.first_ts
    pre = joined[_EVENT + "ts"] < joined.first_ts
    measures: dict[tuple[Measure, bool], str] = {}
    per_unit_values: dict[str, ir.FloatingScalar] = {}

    def bind(measure: Measure, *, before: bool) -> str:
        key = (measure, before)
        if key not in measures:
            name = f"m{len(measures)}"
            measures[key] = name
            per_unit_values[name] = _measure(joined, measure, pre if before else post)
        return measures[key]

    per_metric: dict[str, tuple[str, str | None, str | None]] = {}
    for metric in spec.metrics:
        numerator = bind(metric.numerator, before=False)
        covariate = bind(metric.numerator, before=True) if spec.uses_covariate(metric) else None
        denominator = (
            bind(metric.denominator, before=False) if metric.denominator is not None else None
        )
        per_metric[metric.key] = (numerator, covariate, denominator)

    keys = ["unit", "variant", "mixed"] + (["dim"] if spec.dimension is not None else [])
    per_unit = joined.group_by(keys).aggregate(**per_unit_values)
    totals, columns = _totals(per_unit, spec, per_metric)
    groups = ["variant", "mixed"] + (["dim"] if spec.dimension is not None else [])
    expr = per_unit.group_by(groups).aggregate(n=per_unit.count(), **totals)
    return Query(sql=warehouse.compile(expr), expr=expr, columns=columns)


def _totals(
    per_unit: ir.Table,
    spec: AnalysisSpec,
    per_metric: dict[str, tuple[str, str | None, str | None]],
) -> tuple[dict[str, ir.FloatingScalar], dict[str, MetricColumns]]:
    """Sums, sums of squares and cross-products of the per-unit values, each once."""
    totals: dict[str, ir.FloatingScalar] = {}

    def total(name: str, left: str, right: str | None = None) -> str:
        if name not in totals:
            value = per_unit[left] if right is None else per_unit[left] * per_unit[right]
            totals[name] = value.sum()
        return name

    columns: dict[str, MetricColumns] = {}
    for metric in spec.metrics:
        post, pre, den = per_metric[metric.key]
        fields: dict[str, str] = {
            "sum": total(f"{post}_s", post),
            "sum_squares": total(f"{post}_ss", post, post),
        }
        if pre is not None:
            fields["covariate_sum"] = total(f"{pre}_s", pre)
            fields["covariate_sum_squares"] = total(f"{pre}_ss", pre, pre)
            fields["sum_products"] = total(f"{post}_x_{pre}", post, pre)
        if den is not None:
            fields["denominator_sum"] = total(f"{den}_s", den)
            fields["denominator_sum_squares"] = total(f"{den}_ss", den, den)
            fields["sum_products"] = total(f"{post}_x_{den}", post, den)
        columns[metric.key] = MetricColumns(**fields)
    return totals, columns
