"""Connections kept per process and per thread, never carried across ``fork``.

Opening an engine costs more than a small query, so servers reuse one connection per thread.
A connection must not outlive a ``fork``: a DuckDB connection inherited by a child process
hangs or crashes the child on its next query. Every connection handed out here is closed in the
parent just before any ``fork`` (a server's master forking its workers), and a child that still
finds one from its parent's process id opens its own instead.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Protocol

from dayone.warehouse._connect import connect
from dayone.warehouse._errors import WarehouseError
from dayone.warehouse._port import Warehouse

if TYPE_CHECKING:
    from pathlib import Path

    from dayone.warehouse._settings import Target


class _Store(Protocol):
    """What ``local_readonly`` needs of an :class:`~dayone.warehouse.AnalyticalStore`."""

    @property
    def root(self) -> Path: ...

    def tables(self) -> list[str]: ...

    def open_readonly(self) -> Warehouse: ...


_state = threading.local()
_opened: list[Warehouse] = []
_opened_lock = threading.Lock()
_generation = 0


def local_connection() -> Warehouse:
    """This thread's in-memory engine, opened on first use in this process."""
    key = (os.getpid(), _generation)
    entry: tuple[tuple[int, int], Warehouse] | None = getattr(_state, "entry", None)
    if entry is not None and entry[0] == key:
        return entry[1]
    warehouse = connect(":memory:")
    with _opened_lock:
        _opened.append(warehouse)
    _state.entry = (key, warehouse)
    return warehouse


def local_readonly(store: _Store) -> Warehouse:
    """This thread's read-only engine over ``store`` (as ``AnalyticalStore.open_readonly``),
    kept while the store holds the same tables and opened anew when one is added or removed."""
    key = (os.getpid(), _generation, str(store.root), tuple(store.tables()))
    entry: tuple[tuple[object, ...], Warehouse] | None = getattr(_state, "readonly", None)
    if entry is not None and entry[0] == key:
        return entry[1]
    if entry is not None and entry[0][:2] == key[:2]:
        with _opened_lock:
            _opened.remove(entry[1])
        entry[1].close()
    warehouse = store.open_readonly()
    with _opened_lock:
        _opened.append(warehouse)
    _state.readonly = (key, warehouse)
    return warehouse


_shared: dict[tuple[int, int, str], Warehouse] = {}
_start_lock = threading.Lock()


def shared_engine(target: Target) -> Warehouse:
    """This process's one connection to a distributed engine (a Spark application), opened on
    first use after any ``fork`` and shared by its threads; hand out ``borrow()``-ed handles."""
    key = (os.getpid(), _generation, target.url)
    with _opened_lock:
        found = _shared.get(key)
    if found is not None:
        return found
    # Not under the lock: starting Spark forks its JVM, and the fork hook takes the lock.
    with _start_lock:
        with _opened_lock:
            found = _shared.get(key)
        if found is not None:
            return found
        warehouse = connect(target.url)
        with _opened_lock:
            _shared.clear()
            _shared[key] = warehouse
            _opened.append(warehouse)
    return warehouse


def close_local_connections() -> int:
    """Close every connection ``local_connection`` and ``local_readonly`` handed out in this
    process; returns how many.

    Threads that ask again afterwards get a new connection.
    """
    global _generation  # noqa: PLW0603 - one counter for the whole process
    with _opened_lock:
        opened = list(_opened)
        _opened.clear()
        _shared.clear()
        _generation += 1
    for warehouse in opened:
        try:
            warehouse.close()
        except WarehouseError:
            continue
    return len(opened)


def _forget_in_child() -> None:
    from dayone.warehouse._spark import forget_jvm

    forget_jvm()


os.register_at_fork(before=close_local_connections, after_in_child=_forget_in_child)
