"""The DuckDB warehouse exposes Parquet files beside its database file as views."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from dayone.warehouse import connect


def test_parquet_files_beside_the_database_are_views(tmp_path):
    folder = tmp_path / "it's here" / "parquet"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"x": [1, 2, 3]}), folder / "numbers.parquet")
    with connect(folder.parent / "store.duckdb") as warehouse:
        total = warehouse.query("SELECT SUM(x) AS s FROM numbers").column("s")[0].as_py()
        assert total == 6
