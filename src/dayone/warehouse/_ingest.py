"""Ingest: a CSV or Parquet file into a date-partitioned Parquet table, on any engine.

The table is a folder with one sub-folder per date (``events/date=2024-03-01/*.parquet``), the
layout DuckDB, Spark and most lakehouse tools read and prune by date. The engine reads the file
and writes the folder itself; no row passes through Python. The new table is written beside the
old one and renamed into place: a job that fails leaves the old table as it was and no partial
files behind.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from dayone.warehouse._errors import WarehouseError
from dayone.warehouse._quote import check_identifier

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from dayone.warehouse._port import Warehouse

PARTITION = "date"


def _partition_date(t: ir.Table, column: str, source: Path) -> ir.DateValue:
    if column not in t.columns:
        raise WarehouseError(
            f"{source}: no column {column!r} to partition by date (it has: {', '.join(t.columns)})"
        )
    value = t[column]
    kind = value.type()
    if kind.is_date():
        return value
    if kind.is_timestamp():  # stored as UTC: the UTC calendar day
        result: ir.DateValue = value.date()
        return result
    if kind.is_string():
        return value.cast("date")
    raise WarehouseError(
        f"{source}: column {column!r} holds {kind}, not a date, a timestamp or ISO date text"
    )


def _rows(folder: Path) -> int:
    return sum(pq.ParquetFile(f).metadata.num_rows for f in folder.rglob("*.parquet"))


def ingest(warehouse: Warehouse, source: Path, table: Path, *, date_column: str = "date") -> int:
    """Load ``source`` (``.csv`` or ``.parquet``) as the date-partitioned table ``table``.

    ``date_column`` (a date, a UTC timestamp or ISO date text) gives each row its ``date``
    partition; the table replaces any earlier one at ``table`` whole. Returns the rows written.
    Raises :class:`WarehouseError` naming the file when it cannot be read or a value cannot be
    converted; the earlier table is then unchanged.
    """
    check_identifier(table.name, "table name")
    source = Path(source)
    view = f"__ingest_{uuid.uuid4().hex[:12]}"
    table.parent.mkdir(parents=True, exist_ok=True)
    fresh = table.parent / f".{table.name}-{uuid.uuid4().hex[:12]}.tmp"
    try:
        warehouse.register_file(view, source)
        t = warehouse.table(view)
        expr = t.mutate(**{PARTITION: _partition_date(t, date_column, source)})
        warehouse.write_parquet(expr, fresh, partition_by=[PARTITION])
        rows = _rows(fresh)
        old = table.parent / f".{table.name}-{uuid.uuid4().hex[:12]}.old"
        if table.exists():
            table.rename(old)
        fresh.rename(table)
        shutil.rmtree(old, ignore_errors=True)
    except WarehouseError as exc:
        raise WarehouseError(f"cannot ingest {source}: {exc}") from exc
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        warehouse.execute(f"DROP VIEW IF EXISTS {view}")
    return rows
