"""The one set-based query that reduces exposures and events to sufficient statistics.

Per unit: its first exposure (variant, time, dimension value), then each measure over its
events after that time (and, for CUPED, over the window before it). Per variant (and per
dimension value): the number of units, the sums, the sums of squares and the cross-products.
Only those few numbers leave the warehouse. Every per-unit value is cast to DOUBLE before it is
summed: DuckDB sums BIGINT into a 128-bit HUGEINT otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from dayone.experiments._spec import AnalysisSpec, Measure, quote_identifier, quote_table

if TYPE_CHECKING:
    from dayone.experiments._spec import Metric


@dataclass
class _Sql:
    parts: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, text: str, *params: Any) -> None:
        self.parts.append(text)
        self.params.extend(params)

    def text(self) -> str:
        return "".join(self.parts)


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
    """The generated SQL, its parameters, and where each metric's sums are in the result."""

    sql: str
    params: tuple[Any, ...]
    columns: dict[str, MetricColumns]


def _measure_sql(sql: _Sql, measure: Measure, window: str) -> None:
    """Append the per-unit aggregate of ``measure`` over events in ``window``."""
    sql.add("CAST(")
    condition = _Sql()
    condition.add(window)
    for column, values in measure.where:
        if len(values) == 1:
            column_sql = quote_identifier(column, "Measure.where column")
            condition.add(f" AND ev.{column_sql} = ?", values[0])
            continue
        placeholders = ", ".join("?" for _ in values)
        condition.add(
            f" AND ev.{quote_identifier(column, 'Measure.where column')} IN ({placeholders})",
            *values,
        )
    if measure.aggregate == "sum":
        column = quote_identifier(measure.column, "Measure.column")
        sql.add(f"COALESCE(SUM(ev.{column}) FILTER (WHERE ")
        sql.add(condition.text(), *condition.params)
        sql.add("), 0)")
    elif measure.aggregate == "count":
        sql.add("COUNT(*) FILTER (WHERE ")
        sql.add(condition.text(), *condition.params)
        sql.add(")")
    else:
        sql.add("(COUNT(*) FILTER (WHERE ")
        sql.add(condition.text(), *condition.params)
        sql.add(") > 0)")
    sql.add(" AS DOUBLE)")


def _exposed(sql: _Sql, spec: AnalysisSpec) -> None:
    """First exposure per unit; units seen in several variants are marked ``mixed``."""
    x = spec.exposures
    unit = quote_identifier(x.unit, "ExposureSource.unit")
    ts = quote_identifier(x.timestamp, "ExposureSource.timestamp")
    variant = quote_identifier(x.variant, "ExposureSource.variant")
    table = quote_table(x.table, "ExposureSource.table")
    dim = ""
    if spec.dimension is not None:
        column = quote_identifier(spec.dimension, "AnalysisSpec.dimension")
        dim = f", CAST(arg_min({column}, {ts}) AS VARCHAR) AS dim"
    # identifiers are validated and quoted; values are bound as parameters
    sql.add(
        "WITH exposed AS (\n"  # noqa: S608 - quoted identifiers, bound values
        f"  SELECT {unit} AS unit, MIN({ts}) AS first_ts,\n"
        f"    MIN({variant}) AS variant,\n"
        f"    MIN({variant}) <> MAX({variant}) AS mixed{dim}\n"
        f"  FROM {table}\n  WHERE TRUE"
    )
    if x.experiment is not None:
        column = quote_identifier(x.experiment_column, "ExposureSource.experiment_column")
        sql.add(f" AND {column} = ?", x.experiment)
    if spec._start_utc is not None:
        sql.add(f" AND {ts} >= ?", spec._start_utc)
    if spec._end_utc is not None:
        sql.add(f" AND {ts} < ?", spec._end_utc)
    sql.add(f"\n  GROUP BY {unit}\n),\n")


def _per_unit(sql: _Sql, spec: AnalysisSpec) -> dict[str, tuple[str, str | None, str | None]]:
    """Each measure per unit, after first exposure (and before it, for covariates)."""
    e = spec.events
    pre_us = None if spec.pre_period is None else spec.pre_period // _MICROSECOND
    dim = ", u.dim" if spec.dimension is not None else ""
    unit = quote_identifier(e.unit, "EventSource.unit")
    ts = quote_identifier(e.timestamp, "EventSource.timestamp")
    table = quote_table(e.table, "EventSource.table")
    # the join already bounds events below (by the pre-period when there is one)
    windows = {False: f"ev.{ts} >= u.first_ts", True: f"ev.{ts} < u.first_ts"}
    sql.add(f"per_unit AS (\n  SELECT u.variant{dim}, u.mixed")
    measures: dict[tuple[Measure, bool], str] = {}
    per_metric: dict[str, tuple[str, str | None, str | None]] = {}
    for metric in spec.metrics:
        post = _bind_measure(sql, measures, metric.numerator, pre=False, windows=windows)
        pre = None
        if spec.uses_covariate(metric):
            pre = _bind_measure(sql, measures, metric.numerator, pre=True, windows=windows)
        den = None
        if metric.denominator is not None:
            den = _bind_measure(sql, measures, metric.denominator, pre=False, windows=windows)
        per_metric[metric.key] = (post, pre, den)
    sql.add(
        f"\n  FROM exposed u\n  LEFT JOIN {table} ev\n    ON ev.{unit} = u.unit AND NOT u.mixed"
    )
    if any(spec.uses_covariate(m) for m in spec.metrics):
        sql.add(f" AND ev.{ts} >= u.first_ts - to_microseconds(CAST(? AS BIGINT))", pre_us)
    else:
        sql.add(f" AND ev.{ts} >= u.first_ts")
    if spec._end_utc is not None:
        sql.add(f" AND ev.{ts} < ?", spec._end_utc)
    sql.add(f"\n  GROUP BY u.unit, u.variant{dim}, u.mixed\n)\n")
    return per_metric


def _totals(
    sql: _Sql, spec: AnalysisSpec, per_metric: dict[str, tuple[str, str | None, str | None]]
) -> dict[str, MetricColumns]:
    """Units, sums, sums of squares and cross-products per variant (and dimension value)."""
    if spec.dimension is not None:
        sql.add("SELECT variant, dim, GROUPING(dim) AS all_dims, mixed, COUNT(*) AS n")
    else:
        sql.add("SELECT variant, NULL AS dim, 1 AS all_dims, mixed, COUNT(*) AS n")
    sums: set[str] = set()

    def total(expr: str, name: str) -> str:
        if name not in sums:
            sums.add(name)
            sql.add(f",\n  SUM({expr}) AS {name}")
        return name

    columns: dict[str, MetricColumns] = {}
    for metric in spec.metrics:
        post, pre, den = per_metric[metric.key]
        fields: dict[str, str] = {
            "sum": total(post, f"{post}_s"),
            "sum_squares": total(f"{post} * {post}", f"{post}_ss"),
        }
        if pre is not None:
            fields["covariate_sum"] = total(pre, f"{pre}_s")
            fields["covariate_sum_squares"] = total(f"{pre} * {pre}", f"{pre}_ss")
            fields["sum_products"] = total(f"{post} * {pre}", f"{post}_x_{pre}")
        if den is not None:
            fields["denominator_sum"] = total(den, f"{den}_s")
            fields["denominator_sum_squares"] = total(f"{den} * {den}", f"{den}_ss")
            fields["sum_products"] = total(f"{post} * {den}", f"{post}_x_{den}")
        columns[metric.key] = MetricColumns(**fields)
    sql.add("\nFROM per_unit\n")
    if spec.dimension is not None:
        sql.add("GROUP BY GROUPING SETS ((variant, mixed), (variant, mixed, dim))")
    else:
        sql.add("GROUP BY variant, mixed")
    return columns


def build_query(spec: AnalysisSpec) -> Query:
    """Generate the analysis query for ``spec`` (DuckDB dialect, positional parameters).

    Identifiers come from the validated spec and are quoted; every value is a parameter.
    """
    sql = _Sql()
    _exposed(sql, spec)
    per_metric = _per_unit(sql, spec)
    columns = _totals(sql, spec, per_metric)
    return Query(sql=sql.text(), params=tuple(sql.params), columns=columns)


def _bind_measure(
    sql: _Sql,
    measures: dict[tuple[Measure, bool], str],
    measure: Measure,
    *,
    pre: bool,
    windows: dict[bool, str],
) -> str:
    """Add ``measure`` (once) to the per-unit select list; return its column name."""
    key = (measure, pre)
    if key in measures:
        return measures[key]
    name = f"m{len(measures)}"
    measures[key] = name
    sql.add(",\n    ")
    _measure_sql(sql, measure, windows[pre])
    sql.add(f" AS {name}")
    return name


_MICROSECOND = timedelta(microseconds=1)


def describe(metric: Metric) -> str:
    """A short human description of how a metric is computed (for results pages)."""
    m = metric.numerator
    what = {"sum": f"sum of {m.column}", "count": "number of events", "any": "any event"}[
        m.aggregate
    ]
    if metric.denominator is not None:
        d = metric.denominator
        den = {"sum": f"sum of {d.column}", "count": "number of events", "any": "any event"}[
            d.aggregate
        ]
        return f"{what} / {den}"
    return what
