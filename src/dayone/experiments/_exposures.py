"""Exposure logging: append exposure events to the analytical store, idempotently.

Every event carries an id chosen by the client; the table's primary key on it makes a retried
batch a no-op (``ON CONFLICT DO NOTHING``). A batch is validated whole before anything is
written and is written in one transaction, so a bad batch writes nothing. Writers sharing a
warehouse object in one process are serialised by a lock, so none of them loses events.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from dayone.experiments._errors import ExposureBatchError, InvalidSpecError
from dayone.experiments._spec import quote_table
from dayone.warehouse import Sql, Warehouse, WarehouseError, compose, sql_literal

DEFAULT_TABLE = "exposures"
MAX_BATCH = 10_000
MAX_TEXT = 256

_FIELDS = ("event_id", "experiment", "unit_id", "variant", "exposed_at")
_LOCKS: weakref.WeakKeyDictionary[Warehouse, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


@dataclass(frozen=True)
class Exposure:
    """One unit seeing one variant of one experiment at one time (an aware datetime)."""

    event_id: str
    experiment: str
    unit_id: str
    variant: int
    exposed_at: datetime


@dataclass(frozen=True)
class LogResult:
    """What happened to a batch: events received, newly stored, and already stored."""

    received: int
    inserted: int
    duplicates: int
    excluded: int = 0


def _lock_for(warehouse: Warehouse) -> threading.Lock:
    with _LOCKS_GUARD:
        lock = _LOCKS.get(warehouse)
        if lock is None:
            lock = threading.Lock()
            _LOCKS[warehouse] = lock
        return lock


EXPOSURE_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("experiment", pa.string()),
        ("unit_id", pa.string()),
        ("variant", pa.int32()),
        ("exposed_at", pa.timestamp("us")),
        ("logged_at", pa.timestamp("us")),
    ]
)


def create_exposure_table(warehouse: Warehouse, table: str = DEFAULT_TABLE) -> None:
    """Create the exposure table if it does not exist (event id as primary key where the
    engine has keys; on Spark the logger keeps ids unique itself)."""
    name = quote_table(table, "table")
    if warehouse.dialect != "duckdb":
        warehouse.create_table(table, EXPOSURE_SCHEMA, key="event_id")
        return
    warehouse.execute(
        f"CREATE TABLE IF NOT EXISTS {name} ("
        "event_id VARCHAR PRIMARY KEY, experiment VARCHAR NOT NULL, unit_id VARCHAR NOT NULL, "
        "variant INTEGER NOT NULL, exposed_at TIMESTAMP NOT NULL, logged_at TIMESTAMP NOT NULL)"
    )


def _text(index: int, name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ExposureBatchError(f"event {index}: {name} must be a non-empty string")
    if len(value) > MAX_TEXT:
        raise ExposureBatchError(f"event {index}: {name} is longer than {MAX_TEXT} characters")
    return value


def _validate(
    index: int, event: Exposure | Mapping[str, Any]
) -> tuple[str, str, str, int, datetime]:
    if isinstance(event, Exposure):
        values = {f: getattr(event, f) for f in _FIELDS}
    elif isinstance(event, Mapping):
        missing = [f for f in _FIELDS if f not in event]
        extra = sorted(set(event) - set(_FIELDS))
        if missing:
            raise ExposureBatchError(f"event {index}: missing field(s) {', '.join(missing)}")
        if extra:
            raise ExposureBatchError(f"event {index}: unknown field(s) {', '.join(extra)}")
        values = dict(event)
    else:
        raise ExposureBatchError(f"event {index}: must be an Exposure or a mapping")
    variant = values["variant"]
    if isinstance(variant, bool) or not isinstance(variant, int) or not 0 <= variant < 2**31:
        raise ExposureBatchError(f"event {index}: variant must be a non-negative integer")
    ts = values["exposed_at"]
    if isinstance(ts, str):
        try:
            ts = datetime.fromisoformat(ts)
        except ValueError as exc:
            raise ExposureBatchError(f"event {index}: exposed_at is not an ISO 8601 time") from exc
    if not isinstance(ts, datetime) or ts.tzinfo is None or ts.utcoffset() is None:
        raise ExposureBatchError(f"event {index}: exposed_at must be a time with a time zone")
    return (
        _text(index, "event_id", values["event_id"]),
        _text(index, "experiment", values["experiment"]),
        _text(index, "unit_id", values["unit_id"]),
        variant,
        ts.astimezone(UTC).replace(tzinfo=None),
    )


def _is_batch(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


_Row = tuple[str, str, str, int, datetime]


def _rows(
    events: Sequence[Exposure | Mapping[str, Any]],
    known_experiments: Collection[str] | None,
    excluded: Collection[int],
) -> tuple[dict[str, _Row], dict[str, _Row]]:
    """Every event validated, by event id; and those at the ``excluded`` indexes."""
    rows: dict[str, _Row] = {}
    apart: dict[str, _Row] = {}
    for i, event in enumerate(events):
        row = _validate(i, event)
        if known_experiments is not None and row[1] not in known_experiments:
            raise ExposureBatchError(f"event {i}: unknown experiment {row[1]!r}")
        previous = rows.get(row[0])
        if previous is not None and previous != row:
            raise ExposureBatchError(
                f"event {i}: event_id {row[0]!r} appears twice with different contents"
            )
        rows[row[0]] = row
        if i in excluded:
            apart[row[0]] = row
    return rows, apart


def log_exposures(
    warehouse: Warehouse,
    events: Sequence[Exposure | Mapping[str, Any]],
    *,
    table: str = DEFAULT_TABLE,
    known_experiments: Collection[str] | None = None,
    max_batch: int = MAX_BATCH,
    excluded: Collection[int] = (),
    excluded_table: str | None = None,
) -> LogResult:
    """Append a batch of exposure events; events whose id is already stored are skipped.

    Each event is an :class:`Exposure` or a mapping with exactly ``event_id``, ``experiment``,
    ``unit_id``, ``variant`` and ``exposed_at`` (aware datetime or ISO 8601 string). With
    ``known_experiments``, an event for any other key rejects the batch. The same id twice in
    one batch with different contents rejects it too. Raises :class:`ExposureBatchError`;
    nothing of a rejected batch is written.

    The events at the indexes in ``excluded`` (for example those contradicting the assignment)
    are validated like the others but written to ``excluded_table``, in the same transaction;
    ``inserted`` and ``duplicates`` count the others, ``excluded`` these.
    """
    if not _is_batch(events):
        raise ExposureBatchError("events must be a list of exposure events")
    if len(events) > max_batch:
        raise ExposureBatchError(f"a batch holds at most {max_batch} events, got {len(events)}")
    rows, apart = _rows(events, known_experiments, excluded)
    if apart and excluded_table is None:
        raise ExposureBatchError("excluded events need an excluded_table")
    try:
        name = quote_table(table, "table")
        other = quote_table(excluded_table, "excluded_table") if excluded_table else None
    except InvalidSpecError as exc:
        raise ExposureBatchError(str(exc)) from exc
    for event_id in apart:
        del rows[event_id]
    if not rows and not apart:
        return LogResult(received=0, inserted=0, duplicates=0)
    logged_at = datetime.now(UTC).replace(tzinfo=None)
    with _lock_for(warehouse):
        create_exposure_table(warehouse, table)
        if excluded_table is not None:
            create_exposure_table(warehouse, excluded_table)
        if warehouse.dialect != "duckdb":  # one append per table, each all or nothing
            if other is not None:
                _insert(warehouse, other, list(apart.values()), logged_at)
            inserted = _insert(warehouse, name, list(rows.values()), logged_at)
        else:
            warehouse.execute("BEGIN TRANSACTION")
            try:
                inserted = _insert(warehouse, name, list(rows.values()), logged_at)
                if other is not None:
                    _insert(warehouse, other, list(apart.values()), logged_at)
                warehouse.execute("COMMIT")
            except WarehouseError:
                warehouse.execute("ROLLBACK")
                raise
    left_out = sum(1 for i in range(len(events)) if i in excluded)
    return LogResult(
        received=len(events),
        inserted=inserted,
        duplicates=len(events) - left_out - inserted,
        excluded=left_out,
    )


def _insert(
    warehouse: Warehouse,
    name: str,
    rows: list[_Row],
    logged_at: datetime,
) -> int:
    """Insert the rows not yet stored (inside the caller's transaction); how many were new."""
    if not rows:
        return 0
    columns = list(zip(*rows, strict=True))
    batch = pa.table(
        {
            "event_id": pa.array(columns[0], pa.string()),
            "experiment": pa.array(columns[1], pa.string()),
            "unit_id": pa.array(columns[2], pa.string()),
            "variant": pa.array(columns[3], pa.int32()),
            "exposed_at": pa.array(columns[4], pa.timestamp("us")),
        }
    )
    view = "__dayone_exposure_batch"
    warehouse.register(view, batch)
    count = warehouse.transpile(compose("SELECT COUNT(*) AS n FROM {table}", table=Sql(name)))
    before = warehouse.query(count).column("n")[0].as_py()
    if warehouse.dialect == "duckdb":
        warehouse.execute(
            compose(
                "INSERT INTO {table} SELECT event_id, experiment, unit_id, variant, exposed_at, ? "
                "FROM {view} ON CONFLICT DO NOTHING",
                table=Sql(name),
                view=view,
            ),
            [logged_at],
        )
    else:  # no key to conflict on: the ids already stored are left out by an anti-join
        warehouse.execute(warehouse.transpile(append_new(name, view, logged_at)))
    after = warehouse.query(count).column("n")[0].as_py()
    return int(after) - int(before)


def append_new(table: str, view: str, logged_at: datetime | None = None) -> str:
    """DuckDB SQL appending the exposures of ``view`` whose event id ``table`` (quoted) lacks,
    logged at ``logged_at`` (``None``: at their exposure time), for engines without keys."""
    logged = Sql(
        f"CAST({sql_literal(logged_at.isoformat(sep=' '))} AS TIMESTAMP)"
        if logged_at is not None
        else "v.exposed_at"
    )
    return compose(
        "INSERT INTO {table} SELECT v.event_id, v.experiment, v.unit_id, v.variant, "
        "v.exposed_at, {logged} FROM {view} AS v "
        "WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE t.event_id = v.event_id)",
        table=Sql(table),
        view=view,
        logged=logged,
    )


def load_exposures(warehouse: Warehouse, source: str, *, table: str = DEFAULT_TABLE) -> None:
    """Bulk-append the exposures of the table or view ``source`` (``event_id``, ``experiment``,
    ``unit_id``, ``variant``, ``exposed_at``) whose ids ``table`` lacks, logged at their
    exposure time: an import, not a client's log. Validation is the caller's."""
    create_exposure_table(warehouse, table)
    name = quote_table(table, "table")
    if warehouse.dialect == "duckdb":
        sql = compose(
            "INSERT INTO {table} SELECT event_id, experiment, unit_id, variant, exposed_at, "
            "exposed_at FROM {source} ON CONFLICT DO NOTHING",
            table=Sql(name),
            source=source,
        )
    else:
        sql = warehouse.transpile(append_new(name, source))
    warehouse.execute(sql)
