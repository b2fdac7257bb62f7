"""DuckDB, in-process: the default warehouse backend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import duckdb
import pyarrow as pa
from typing_extensions import override

from dayone.warehouse._errors import WarehouseError
from dayone.warehouse._port import Warehouse
from dayone.warehouse._quote import quote_identifier, quote_table, sql_literal

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import ibis.expr.types as ir


class DuckDBWarehouse(Warehouse):
    """A DuckDB database file (or memory) plus the Parquet files of a folder, as views."""

    dialect: ClassVar[str] = "duckdb"

    def __init__(
        self, path: Path | None = None, *, read_only: bool = False, parquet: Path | None = None
    ) -> None:
        self.path = path
        try:
            if path is None:
                self._con = duckdb.connect(":memory:")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._con = duckdb.connect(str(path), read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise WarehouseError(f"cannot open the warehouse at {path}: {exc}") from exc
        if parquet is not None and parquet.is_dir():
            for file in sorted(parquet.glob("*.parquet")):
                self.register_file(file.stem, file)
            for folder in sorted(parquet.iterdir()):  # partitioned tables: a folder each
                if folder.is_dir() and not folder.name.startswith("."):
                    self.register_file(folder.name, folder)

    @override
    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        try:
            relation: Any = self._con.sql(sql, params=list(params) if params is not None else None)
            if relation is None:
                return pa.table({})
            return relation.to_arrow_table()
        except duckdb.Error as exc:
            raise WarehouseError(str(exc)) from exc

    @override
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        try:
            self._con.execute(sql, params)
        except duckdb.Error as exc:
            raise WarehouseError(str(exc)) from exc

    @override
    def register(self, name: str, table: pa.Table) -> None:
        self._con.register(name, table)

    @override
    def register_file(self, name: str, path: Path) -> None:
        if path.is_dir():
            source = (
                f"read_parquet({sql_literal(str(path / '**' / '*.parquet'))}, "
                "hive_partitioning = true)"
            )
        else:
            reader = {".parquet": "read_parquet", ".csv": "read_csv"}.get(path.suffix.lower())
            if reader is None:
                raise WarehouseError(f"{path}: expected a .parquet or .csv file")
            if not path.exists():
                raise WarehouseError(f"{path}: no such file")
            source = f"{reader}({sql_literal(str(path))})"
        # A view's definition cannot take a prepared parameter: the path is a quoted literal.
        self.execute(
            f"CREATE OR REPLACE TEMP VIEW {quote_identifier(name, 'table name')} AS "  # noqa: S608 - quoted name and literal
            f"SELECT * FROM {source}"
        )

    @override
    def write_parquet(self, expr: ir.Table, folder: Path, *, partition_by: Sequence[str]) -> None:
        columns = ", ".join(quote_identifier(c, "partition column") for c in partition_by)
        self.execute(
            f"COPY ({self.compile(expr)}) TO {sql_literal(str(folder))} "
            f"(FORMAT PARQUET, PARTITION_BY ({columns}))"
        )

    @override
    def schema(self, table: str) -> pa.Schema:
        return self.query(f"SELECT * FROM {quote_table(table)} LIMIT 0").schema  # noqa: S608 - quoted name

    @override
    def tables(self) -> list[str]:
        rows = self._con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name"
        ).fetchall()
        return [str(row[0]) for row in rows]

    @override
    def watch_progress(self) -> None:
        # Estimated from the start of every query, and never printed by DuckDB itself.
        self.execute("SET enable_progress_bar = true")
        self.execute("SET enable_progress_bar_print = false")
        self.execute("SET progress_bar_time = 0")

    @override
    def progress(self) -> float | None:
        # DuckDB estimates the share done of the running query (-1 when none runs).
        try:
            done = float(self._con.query_progress())
        except duckdb.Error:
            return None
        return min(done, 100.0) / 100.0 if done >= 0 else None

    @override
    def close(self) -> None:
        self._con.close()
