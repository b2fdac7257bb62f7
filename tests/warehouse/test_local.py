"""Connections kept per thread and per process: never shared between threads, never carried
into a forked child."""

from __future__ import annotations

import os
import threading
import warnings

import pyarrow as pa
import pytest

from dayone.warehouse import (
    AnalyticalStore,
    WarehouseError,
    close_local_connections,
    local_connection,
    local_readonly,
)


def _answer(warehouse) -> int:
    return int(warehouse.query("SELECT 41 + 1 AS n").column("n")[0].as_py())


def test_each_thread_keeps_its_own_connection():
    mine = local_connection()
    assert local_connection() is mine
    theirs: list[object] = []
    thread = threading.Thread(target=lambda: theirs.append(local_connection()))
    thread.start()
    thread.join()
    assert theirs[0] is not mine
    assert _answer(mine) == 42


def test_closing_hands_out_new_connections_afterwards():
    before = local_connection()
    assert close_local_connections() >= 1
    after = local_connection()
    assert after is not before
    assert _answer(after) == 42


def test_a_forked_child_queries_on_a_connection_of_its_own():
    parent = local_connection()
    assert _answer(parent) == 42
    read, write = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: the point here
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read)
        try:
            child = local_connection()
            message = f"{_answer(child)}"
        except BaseException as exc:
            message = repr(exc)
        os.write(write, message.encode())
        os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read) as answer:
        assert answer.read() == "42"
    assert os.waitstatus_to_exitcode(status) == 0
    # The parent closed its connections before forking; it opens a fresh one when asked.
    assert local_connection() is not parent
    assert _answer(local_connection()) == 42


def test_the_read_only_store_connection_is_kept_until_a_table_is_added(tmp_path):
    store = AnalyticalStore(tmp_path)
    store.write_table("orders", pa.table({"n": [1, 2]}))
    first = local_readonly(store)
    assert local_readonly(store) is first
    store.write_table("orders", pa.table({"n": [1, 2, 3]}))  # new data, same tables
    assert local_readonly(store) is first
    assert first.query("SELECT count(*) AS c FROM orders").column("c")[0].as_py() == 3
    store.write_table("returns", pa.table({"n": [4]}))
    second = local_readonly(store)
    assert second is not first
    assert second.query("SELECT sum(n) AS s FROM returns").column("s")[0].as_py() == 4
    with pytest.raises(WarehouseError):
        second.query(f"SELECT * FROM read_csv('{tmp_path.parent}/elsewhere.csv')")
    assert close_local_connections() >= 1
    assert local_readonly(store) is not second
