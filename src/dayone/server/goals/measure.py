"""A goal's metric, measured in the warehouse: one aggregate query, never raw rows.

How a metric adds up decides how it is measured at the due date:

- a ratio (``in_stock_rate``): ``sum(numerator) / sum(denominator)`` over the 28 days that end
  on the due date, so a rate goal is judged on where it stands, not on a single day;
- an additive column (``new_titles_added``): the total from the goal's start to its due date;
- a level (``selection``): the value on the due date (the last day with data up to it).

Keys come from the metric catalogue, never from user text, so the SQL names only known columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from dayone.server.core.warehouse import analytical_store
from dayone.server.teams.catalogue import METRICS
from dayone.warehouse import WarehouseError, local_connection

if TYPE_CHECKING:
    from pathlib import Path

RATIO_WINDOW_DAYS = 28
TABLE = "daily_business"


@dataclass(frozen=True, slots=True)
class Measurement:
    """A metric's value over a window, and the window it was measured on."""

    metric_key: str
    value: float
    window_start: date
    window_end: date


def measure_rule(metric_key: str) -> str:
    """How a metric is measured for a goal, in a sentence."""
    info = METRICS.get(metric_key)
    if info is None:
        return "Not in the metric catalogue: met or not met is recorded by hand."
    if info.aggregation == "ratio":
        return (
            f"{info.numerator} / {info.denominator} over the {RATIO_WINDOW_DAYS} days "
            "that end on the due date."
        )
    if info.aggregation == "last":
        return "The value on the due date (a level)."
    return "The total from the goal's start to its due date."


def _query(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    try:
        return list(local_connection().query(sql, params).to_pylist())
    except WarehouseError:
        return []


def _parquet() -> Path | None:
    path = analytical_store().parquet_path(TABLE)
    return path if path.exists() else None


def metric_measure(*, metric_key: str, starts_on: date, ends_on: date) -> Measurement | None:
    """The metric over the goal's window ending ``ends_on``; ``None`` when it cannot be measured
    (unknown key, no analytical data, no rows in the window)."""
    info = METRICS.get(metric_key)
    if info is None:
        return None
    if info.aggregation == "ratio":
        start = max(starts_on, ends_on - timedelta(days=RATIO_WINDOW_DAYS - 1))
        sql = (
            f'SELECT CAST(SUM("{info.numerator}") AS DOUBLE) '  # noqa: S608 - catalogue names only
            f'/ NULLIF(CAST(SUM("{info.denominator}") AS DOUBLE), 0), MIN(date), MAX(date) '
            "FROM read_parquet(?) WHERE date BETWEEN ? AND ?"
        )
    elif info.aggregation == "last":
        start = starts_on
        sql = (
            f'SELECT CAST(arg_max("{info.key}", date) AS DOUBLE), MIN(date), MAX(date) '  # noqa: S608
            "FROM read_parquet(?) WHERE date BETWEEN ? AND ?"
        )
    else:
        start = starts_on
        sql = (
            f'SELECT CAST(SUM("{info.key}") AS DOUBLE), MIN(date), MAX(date) '  # noqa: S608
            "FROM read_parquet(?) WHERE date BETWEEN ? AND ?"
        )
    parquet = _parquet()
    if parquet is None:
        return None
    rows = _query(sql, [str(parquet), start, ends_on])
    if not rows:
        return None
    values = list(rows[0].values())
    if values[0] is None:
        return None
    return Measurement(metric_key, float(values[0]), values[1], values[2])


def metric_series(*, metric_key: str, starts_on: date, ends_on: date) -> list[tuple[date, float]]:
    """The metric week by week from ``starts_on`` to ``ends_on``, measured the way the goal is:
    the weekly rate for a ratio, the running total for a sum, the week's last value for a level.
    Empty when it cannot be measured."""
    info = METRICS.get(metric_key)
    parquet = _parquet()
    if info is None or parquet is None or ends_on < starts_on:
        return []
    week = "date_trunc('week', date)"
    if info.aggregation == "ratio":
        value = (
            f'CAST(SUM("{info.numerator}") AS DOUBLE) '
            f'/ NULLIF(CAST(SUM("{info.denominator}") AS DOUBLE), 0)'
        )
        select = f"SELECT {week} AS week, {value} AS value"
    elif info.aggregation == "last":
        select = f'SELECT {week} AS week, CAST(arg_max("{info.key}", date) AS DOUBLE) AS value'
    else:
        select = (
            f'SELECT {week} AS week, SUM(CAST(SUM("{info.key}") AS DOUBLE)) '
            f"OVER (ORDER BY {week}) AS value"
        )
    sql = f"{select} FROM read_parquet(?) WHERE date BETWEEN ? AND ? GROUP BY 1 ORDER BY 1"
    rows = _query(sql, [str(parquet), starts_on, ends_on])
    return [
        (row["week"].date() if hasattr(row["week"], "date") else row["week"], float(row["value"]))
        for row in rows
        if row["value"] is not None
    ]
