"""A metric of the catalogue measured over a window, from its own data source: for goals.

How a metric adds up decides how it is measured at the due date:

- a ratio (in-stock rate): ``sum(numerator) / sum(denominator)`` over the 28 days that end on
  the due date, so a rate goal is judged on where it stands, not on a single day;
- a sum or a count of days (titles added): the total from the goal's start to its due date;
- a level (selection, the last value): the value on the last day with data up to the due date;
  the first value likewise on the first day;
- a mean, minimum or maximum: over the days from the goal's start to its due date.

The query is an Ibis expression over the same daily view the deck reads, so it runs on the
engine the data lives on and never names a column from user text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from dayone.server.core.warehouse import analytical_store
from dayone.server.wbr.enums import Aggregation, SourceKind
from dayone.server.wbr.models import Metric
from dayone.server.wbr.store import SourceError, SourceRead, daily_view
from dayone.warehouse import WarehouseError, local_readonly

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from dayone.warehouse import Warehouse

RATIO_WINDOW_DAYS = 28
VIEW = "metric_measure"
NUMERATOR, DENOMINATOR, VALUE = "numerator", "denominator", "value"

RULES = {
    Aggregation.RATIO: "{numerator} / {denominator} over the {days} days that end on the due date.",
    Aggregation.LAST: "The value on the due date (a level).",
    Aggregation.FIRST: "The value on the goal's first day with data.",
    Aggregation.SUM: "The total from the goal's start to its due date.",
    Aggregation.COUNT: "The days with data from the goal's start to its due date.",
    Aggregation.MEAN: "The daily mean from the goal's start to its due date.",
    Aggregation.MIN: "The lowest daily value from the goal's start to its due date.",
    Aggregation.MAX: "The highest daily value from the goal's start to its due date.",
}
UNKNOWN_RULE = "Not in the metric catalogue: met or not met is recorded by hand."


@dataclass(frozen=True, slots=True)
class Measurement:
    """A metric's value over a window, and the window it was measured on."""

    metric_key: str
    value: float
    window_start: date
    window_end: date


def measured_metric(key: str) -> Metric | None:
    """The metric ``key`` with what measuring it reads (one query); ``None`` for an unknown key."""
    if not key:
        return None
    related = ("source", "numerator__source", "denominator__source")
    return Metric.objects.select_related(*related).filter(key=key).first()


def measure_rule(metric: Metric | None) -> str:
    """How a metric is measured for a goal, in a sentence."""
    if metric is None:
        return UNKNOWN_RULE
    return RULES[Aggregation(metric.aggregation)].format(
        numerator=metric.numerator.key if metric.numerator else "",
        denominator=metric.denominator.key if metric.denominator else "",
        days=RATIO_WINDOW_DAYS,
    )


def _reads(metric: Metric) -> list[SourceRead] | None:
    """The columns the measurement reads, by source; ``None`` when a part has no data source."""
    if metric.aggregation == Aggregation.RATIO:
        parts = [(metric.numerator, NUMERATOR), (metric.denominator, DENOMINATOR)]
    else:
        parts = [(metric, VALUE)]
    by_source: dict[int, tuple[Any, list[tuple[str, str]]]] = {}
    for part, alias in parts:
        if part is None or part.source is None or not part.column:
            return None
        by_source.setdefault(part.source.pk, (part.source, []))[1].append((part.column, alias))
    return [
        SourceRead(
            slug=source.slug,
            kind=source.kind,
            query=source.query.strip().rstrip(";") if source.kind == SourceKind.SQL else "",
            columns=tuple(columns),
        )
        for source, columns in by_source.values()
    ]


def _value(metric: Metric, table: ir.Table) -> ir.Value:
    aggregation = Aggregation(metric.aggregation)
    if aggregation == Aggregation.RATIO:
        numerator = table[NUMERATOR].sum().cast("float64")
        return numerator / table[DENOMINATOR].sum().cast("float64").nullif(0)
    value = table[VALUE]
    return {
        Aggregation.LAST: lambda: value.argmax(table.date),
        Aggregation.FIRST: lambda: value.argmin(table.date),
        Aggregation.SUM: value.sum,
        Aggregation.COUNT: value.count,
        Aggregation.MEAN: value.mean,
        Aggregation.MIN: value.min,
        Aggregation.MAX: value.max,
    }[aggregation]().cast("float64")


def _window(wh: Warehouse, metric: Metric, starts_on: date, ends_on: date) -> ir.Table:
    table = wh.table(VIEW)
    window = table.filter((table.date >= starts_on) & (table.date <= ends_on))
    if metric.aggregation == Aggregation.RATIO:
        return window
    return window.filter(window[VALUE].notnull())


def _run(metric: Metric, build: Any) -> list[dict[str, Any]]:
    reads = _reads(metric)
    if reads is None:
        return []
    try:
        wh = local_readonly(analytical_store())
        daily_view(wh, reads, VIEW)
        return list(wh.run(build(wh)).to_pylist())
    except (SourceError, WarehouseError):
        return []


def metric_measure(*, metric: Metric, starts_on: date, ends_on: date) -> Measurement | None:
    """The metric over the goal's window ending ``ends_on``; ``None`` when it cannot be measured
    (no data source, no rows in the window)."""
    start = starts_on
    if metric.aggregation == Aggregation.RATIO:
        start = max(starts_on, ends_on - timedelta(days=RATIO_WINDOW_DAYS - 1))

    def build(wh: Warehouse) -> ir.Table:
        window = _window(wh, metric, start, ends_on)
        return window.aggregate(
            value=_value(metric, window), low=window.date.min(), high=window.date.max()
        )

    rows = _run(metric, build)
    if not rows or rows[0]["value"] is None:
        return None
    row = rows[0]
    return Measurement(metric.key, float(row["value"]), row["low"], row["high"])


def metric_series(*, metric: Metric, starts_on: date, ends_on: date) -> list[tuple[date, float]]:
    """The metric week by week from ``starts_on`` to ``ends_on``, measured the way the goal is:
    the weekly rate for a ratio, the running total for a sum, the week's last value for a level.
    Empty when it cannot be measured."""
    if ends_on < starts_on:
        return []

    def build(wh: Warehouse) -> ir.Table:
        window = _window(wh, metric, starts_on, ends_on)
        weekly = window.group_by(week=window.date.truncate("W")).aggregate(
            value=_value(metric, window)
        )
        if metric.aggregation in (Aggregation.SUM, Aggregation.COUNT):
            weekly = weekly.mutate(value=weekly.value.cumsum(order_by=weekly.week))
        return weekly.order_by("week")

    return [
        (row["week"].date() if hasattr(row["week"], "date") else row["week"], float(row["value"]))
        for row in _run(metric, build)
        if row["value"] is not None
    ]
