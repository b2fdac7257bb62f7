"""The analytical store of the WBR: data sources as Parquet files and read-only SQL over them.

Every data source is a table in SQL named by its slug. An uploaded CSV is validated by the WBR
engine (``dayone.wbr.read_csv``) and written to ``<DAYONE_WAREHOUSE_DIR>/parquet/<slug>.parquet``
through a temporary file and a rename, so a failed upload changes nothing. A SQL source is one
``SELECT`` over those tables, run in an in-memory DuckDB that can read only the Parquet folder and
write nothing; on Spark (``DAYONE_WAREHOUSE``), transpiled by SQLGlot and run in a Spark session
that has only the store's tables, after a check that it reads nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from dayone.server.core.warehouse import analytical_store
from dayone.warehouse import (
    Sql,
    SqlStatementError,
    Warehouse,
    WarehouseError,
    check_select,
    compose,
    quote_name,
)
from dayone.wbr import DataError, read_csv

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

ROW_COLUMN = "__wbr_row"
PLAN_SUFFIX = "__target"
"""A column whose name ends so (in any case) holds a plan, not data."""
SLUG = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


class SourceError(Exception):
    """Data or a query that cannot be used, with a message naming the file, line or column."""


@dataclass(frozen=True, slots=True)
class SourceProfile:
    """What a validated source holds: its columns, row count and first and last dates."""

    columns: tuple[str, ...]
    row_count: int
    first_date: dt.date
    last_date: dt.date


def parquet_path(slug: str) -> Path:
    """The file of the table called ``slug``."""
    return analytical_store().parquet_path(slug)


def store_tables() -> list[str]:
    """The tables SQL can read (one per Parquet file)."""
    return analytical_store().tables()


def open_readonly() -> Warehouse:
    """An in-memory DuckDB with a view per table; it reads only the store and writes no file
    (on Spark, a session with a temporary view per table)."""
    return analytical_store().open_readonly()


def _date_column(names: Iterable[str]) -> str | None:
    return next((n for n in names if n.strip().lower() == "date"), None)


def _check_one_row_per_date(table: pa.Table, name: str, *, first_line: int | None) -> None:
    dates = table.column("date")
    repeated = [item["values"] for item in pc.value_counts(dates).to_pylist() if item["counts"] > 1]
    if not repeated:
        return
    day = min(repeated)
    rows = [i for i, value in enumerate(dates.to_pylist()) if value == day]
    where = f"line {first_line + rows[1]}" if first_line is not None else "a row"
    raise SourceError(
        f"{name}: {where}: the date {day:%Y-%m-%d} appears more than once; "
        "a data source holds one row per day"
    )


def _profile(table: pa.Table) -> SourceProfile:
    """What ``table`` holds. Its last date is the last with a value outside the plan columns
    (``<metric>__Target``): a plan set for the month or the quarter runs ahead of the data."""
    dates = table.column("date")
    low, high = pc.min_max(dates).values()
    columns = tuple(c for c in table.column_names if c not in ("date", ROW_COLUMN))
    actuals = [c for c in columns if not c.lower().endswith(PLAN_SUFFIX)]
    if actuals and len(actuals) < len(columns):
        valid = [pc.is_valid(table.column(c)) for c in actuals]
        any_value = valid[0]
        for mask in valid[1:]:
            any_value = pc.or_(any_value, mask)
        last = pc.max(pc.filter(dates, any_value)).as_py()
        high = pa.scalar(last if last is not None else high.as_py())
    return SourceProfile(columns, table.num_rows, low.as_py(), high.as_py())


def csv_validate(path: Path, *, display_name: str) -> pa.Table:
    """A CSV file read and checked by the WBR engine: a date column, dates, numbers, one row a day.

    Raises :class:`SourceError` naming the file, the line and the column of the first problem.
    """
    try:
        daily = read_csv(path)
    except DataError as exc:
        raise SourceError(str(exc).replace(str(path), display_name)) from exc
    for column, (line, value) in sorted(daily.bad_values.items(), key=lambda item: item[1][0] or 0):
        raise SourceError(
            f"{display_name}:{line}: value {value!r} in column {column!r} is not a number"
        )
    table = daily.table.drop_columns([ROW_COLUMN])
    _check_one_row_per_date(table, display_name, first_line=daily.first_line)
    if not _profile(table).columns:
        raise SourceError(f"{display_name}:1: the CSV has a date column but no data columns")
    return table


def table_write(slug: str, table: pa.Table) -> SourceProfile:
    """Write ``table`` as the store's table ``slug``, atomically; returns what it holds."""
    analytical_store().write_table(slug, table)
    return _profile(table)


def table_remove(slug: str) -> None:
    """Remove the store's table ``slug`` (after a failed save)."""
    analytical_store().remove_table(slug)


def sql_check_statement(sql: str) -> str:
    """The query without a trailing semicolon; refused unless it is exactly one SELECT."""
    if not sql.strip().rstrip(";").strip():
        raise SourceError("query: write one SELECT statement with a date column")
    store = analytical_store()
    try:
        return check_select(sql, tables=store.tables() if store.distributed else None)
    except SqlStatementError as exc:
        raise SourceError(f"query: {exc}") from exc


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else text


def sql_profile(sql: str) -> SourceProfile:
    """Run a SQL source read-only and describe it: it needs a date column, one row per day."""
    text = sql_check_statement(sql)
    with open_readonly() as warehouse:
        try:
            head = warehouse.query(
                warehouse.transpile(compose("SELECT * FROM ({query}) LIMIT 0", query=Sql(text)))
            )
        except WarehouseError as exc:
            raise SourceError(f"query: {_first_line(str(exc))}") from exc
        date_column = _date_column(head.column_names)
        if date_column is None:
            raise SourceError(
                "query: the result needs a column called date "
                f"(it has: {', '.join(head.column_names) or 'no columns'})"
            )
        actuals = [
            c for c in head.column_names if c != date_column and not c.lower().endswith(PLAN_SUFFIX)
        ]
        has_data = Sql(" OR ".join(f"{quote_name(c)} IS NOT NULL" for c in actuals) or "TRUE")
        try:
            stats = warehouse.query(
                warehouse.transpile(
                    compose(
                        "SELECT count(*) AS n, min(CAST({day} AS DATE)) AS low, "
                        "max(CAST({day} AS DATE)) AS high, "
                        "max(CASE WHEN {has_data} THEN CAST({day} AS DATE) END) AS last_data, "
                        "count(*) - count(DISTINCT {day}) AS repeated FROM ({query})",
                        day=date_column,
                        has_data=has_data,
                        query=Sql(text),
                    )
                )
            ).to_pylist()[0]
        except WarehouseError as exc:
            raise SourceError(f"query: column {date_column!r}: {_first_line(str(exc))}") from exc
    if not stats["n"]:
        raise SourceError("query: the result has no rows")
    if stats["repeated"]:
        raise SourceError(
            f"query: {stats['repeated']} dates appear more than once; a data source holds one "
            "row per day (group by the date)"
        )
    columns = tuple(c for c in head.column_names if c != date_column)
    if not columns:
        raise SourceError("query: the result has a date column but no data columns")
    # a plan set for the month or the quarter runs ahead of the data: the data's last day counts
    last = stats["last_data"] or stats["high"]
    return SourceProfile(columns, int(stats["n"]), stats["low"], last)


@dataclass(frozen=True, slots=True)
class SourceRead:
    """What the deck reads from one data source: its table or query and the columns it uses."""

    slug: str
    kind: str
    query: str
    columns: tuple[tuple[str, str], ...]
    """(column, name in the deck's daily table)"""


def daily_view(warehouse: Warehouse, reads: list[SourceRead], name: str = "wbr_daily") -> str:
    """Create a temporary view joining the sources on the date, with only the columns used."""
    parts: list[str] = []
    for index, read in enumerate(reads):
        origin = quote_name(read.slug) if read.kind == "csv" else f"({read.query})"
        cols = "".join(f", {quote_name(c)} AS {quote_name(alias)}" for c, alias in read.columns)
        parts.append(
            compose(
                "{part} AS (SELECT CAST(date AS DATE) AS date{cols} FROM {origin} AS src)",
                part=f"s{index}",
                cols=Sql(cols),
                origin=Sql(origin),
            )
        )
    joined = " FULL OUTER JOIN ".join(
        ["s0", *(f"s{index} USING (date)" for index in range(1, len(reads)))]
    )
    try:
        warehouse.execute(
            warehouse.transpile(
                compose(
                    "CREATE OR REPLACE TEMP VIEW {name} AS WITH {parts} SELECT * FROM {joined}",
                    name=name,
                    parts=Sql(", ".join(parts)),
                    joined=Sql(joined),
                )
            )
        )
    except WarehouseError as exc:
        raise SourceError(f"cannot read the data sources: {_first_line(str(exc))}") from exc
    return name
