"""The engine's estimate of the work done, for a progress bar: a share while a query runs."""

from __future__ import annotations

import threading
import time

import pyarrow as pa

N = 1_000_000


def test_progress_is_a_share_while_a_query_runs_and_none_when_idle(backend):
    assert backend.progress() is None
    column = "id" if backend.dialect == "pyspark" else "range AS id"
    backend.execute(f"CREATE OR REPLACE TEMP VIEW numbers AS SELECT {column} FROM range({N})")
    backend.watch_progress()
    t = backend.table("numbers")
    # A join on a computed key: a shuffle on Spark, a hash join on DuckDB, long enough to watch.
    other = t.select(j=(t.id * 7919) % N)
    query = t.join(other, t.id == other.j).aggregate(c=t.id.count(), d=other.j.nunique())
    seen: list[float] = []
    results: list[pa.Table] = []
    worker = threading.Thread(target=lambda: results.append(backend.run(query)))
    worker.start()
    while worker.is_alive():
        done = backend.progress()
        if done is not None:
            seen.append(done)
        time.sleep(0.01)
    worker.join()
    assert results[0].column("c")[0].as_py() == N
    assert seen, "no progress was reported while the query ran"
    assert all(0.0 <= share <= 1.0 for share in seen)
    assert backend.progress() is None
