"""Weblab's part of the analytical store: one DuckDB file beside the Parquet folder (on Spark,
the store's Spark tables).

Exposures logged over HTTP go to the ``weblab_exposures`` table through the experiments
engine's exposure logger (idempotent by event id). An exposure whose variant contradicts the
deterministic assignment goes to ``weblab_exposures_excluded`` instead: kept for audit, counted
in the results, never analysed. Events are any table or Parquet file of the
warehouse (``parquet/weblab_events.parquet`` in the demo); ``weblab_units`` (optional) holds
attributes of units that results can be broken down by.

Every query here is written in DuckDB's dialect and transpiled for the store's engine.
DuckDB lets one process write a file at a time. Within a process the store is opened under one
lock; another process holding the file makes us wait briefly and retry.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dayone.experiments import create_exposure_table
from dayone.server.core.warehouse import analytical_store
from dayone.warehouse import Warehouse, WarehouseError, compose

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

DB_NAME = "weblab"
EXPOSURES_TABLE = "weblab_exposures"
EXCLUDED_TABLE = "weblab_exposures_excluded"
UNITS_TABLE = "weblab_units"
UNIT_COLUMN = "unit_id"
_LOCK = threading.RLock()
_RETRIES = 50
_RETRY_SECONDS = 0.1


def store_path() -> Path:
    """Where the weblab DuckDB file lives."""
    return analytical_store().database_path(DB_NAME)


def _connect(path: Path) -> Warehouse:
    store = analytical_store()
    for attempt in range(_RETRIES):
        try:
            return store.open(path.stem)
        except WarehouseError as exc:
            if "lock" not in str(exc).lower() or attempt == _RETRIES - 1:
                raise
            time.sleep(_RETRY_SECONDS)
    raise WarehouseError(f"the analytical store at {path} is busy")  # pragma: no cover


@contextmanager
def open_store() -> Iterator[Warehouse]:
    """The store, with the exposures table in place, for the time of one request."""
    with _LOCK:
        warehouse = _connect(store_path())
        try:
            create_exposure_table(warehouse, EXPOSURES_TABLE)
            create_exposure_table(warehouse, EXCLUDED_TABLE)
            yield warehouse
        finally:
            warehouse.close()


def table_columns(warehouse: Warehouse, table: str) -> list[str]:
    """The columns of a table or view (empty when there is no such table)."""
    if table not in warehouse.tables():
        return []
    try:
        return list(warehouse.schema(table).names)
    except WarehouseError:
        return []


def exposure_count(warehouse: Warehouse, experiment_key: str) -> int:
    """How many exposure events are stored for one experiment."""
    rows = warehouse.query(
        warehouse.transpile(
            compose("SELECT COUNT(*) AS n FROM {table} WHERE experiment = ?", table=EXPOSURES_TABLE)
        ),
        [experiment_key],
    )
    return int(rows.column("n")[0].as_py())


@dataclass(frozen=True)
class ExcludedCount:
    """Exposures left out of an experiment's analysis because they contradict its assignment."""

    events: int
    units: int


def excluded_count(
    warehouse: Warehouse, experiment_key: str, *, start: datetime, end: datetime
) -> ExcludedCount:
    """Contradicting exposures of one experiment logged for times in ``[start, end)``."""
    rows = warehouse.query(
        warehouse.transpile(
            compose(
                "SELECT COUNT(*) AS n, COUNT(DISTINCT unit_id) AS u FROM {table} "
                "WHERE experiment = ? AND exposed_at >= ? AND exposed_at < ?",
                table=EXCLUDED_TABLE,
            )
        ),
        [experiment_key, _naive_utc(start), _naive_utc(end)],
    )
    return ExcludedCount(int(rows.column("n")[0].as_py()), int(rows.column("u")[0].as_py()))


def _naive_utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)
