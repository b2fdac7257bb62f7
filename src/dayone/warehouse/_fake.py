"""A warehouse for tests: in-memory DuckDB that records every statement and fails on demand.

``FakeWarehouse(dialect="pyspark")`` compiles portable queries to Spark SQL, as a Spark
warehouse would, then runs them on DuckDB after SQLGlot translates them back: the Spark text of
a query is checked without starting a JVM. ``fail_on`` makes any statement containing that text
fail, to check that a failed job leaves nothing half-written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlglot
from typing_extensions import override

from dayone.warehouse._duckdb import DuckDBWarehouse
from dayone.warehouse._errors import WarehouseError
from dayone.warehouse._port import Warehouse

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import ibis.expr.types as ir
    import pyarrow as pa


class FakeWarehouse(Warehouse):
    """Records statements in ``statements``; compiles for ``dialect``, runs on DuckDB."""

    def __init__(self, *, dialect: str = "duckdb", fail_on: str | None = None) -> None:
        self.dialect = dialect  # type: ignore[misc]  # one fake plays any dialect
        self.fail_on = fail_on
        self.statements: list[str] = []
        self._db = DuckDBWarehouse()

    def _record(self, sql: str) -> None:
        self.statements.append(sql)
        if self.fail_on is not None and self.fail_on in sql:
            raise WarehouseError(f"failed on purpose: the statement contains {self.fail_on!r}")

    @override
    def run(self, expr: ir.Table) -> pa.Table:
        sql = self.compile(expr)
        self._record(sql)
        if self.dialect != "duckdb":
            sql = sqlglot.transpile(sql, read=self.dialect, write="duckdb")[0]
        return self._db.query(sql)

    @override
    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        self._record(sql)
        return self._db.query(sql, params)

    @override
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self._record(sql)
        self._db.execute(sql, params)

    @override
    def register(self, name: str, table: pa.Table) -> None:
        self._db.register(name, table)

    @override
    def register_file(self, name: str, path: Path) -> None:
        self._db.register_file(name, path)

    @override
    def write_parquet(self, expr: ir.Table, folder: Path, *, partition_by: Sequence[str]) -> None:
        self._record(self.compile(expr))
        self._db.write_parquet(expr, folder, partition_by=partition_by)

    @override
    def schema(self, table: str) -> pa.Schema:
        return self._db.schema(table)

    @override
    def tables(self) -> list[str]:
        return self._db.tables()

    @override
    def close(self) -> None:
        self._db.close()
