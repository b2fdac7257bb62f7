"""DuckDB, in-process: the default warehouse backend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
from typing_extensions import override

from dayone.warehouse._port import Warehouse, WarehouseError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


class DuckDBWarehouse(Warehouse):
    """A DuckDB database file (or memory) plus the Parquet files kept beside it."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if path is None:
                self._con = duckdb.connect(":memory:")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._con = duckdb.connect(str(path), read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise WarehouseError(f"cannot open the warehouse at {path}: {exc}") from exc
        if path is not None:
            self._attach_parquet(path.parent / "parquet")

    def _attach_parquet(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for file in sorted(folder.glob("*.parquet")):
            # A view's definition cannot take a prepared parameter: the path is a quoted literal.
            literal = "'" + str(file).replace("'", "''") + "'"
            self._con.execute(
                f'CREATE OR REPLACE TEMP VIEW "{file.stem}" AS '  # noqa: S608 - names come from files we wrote
                f"SELECT * FROM read_parquet({literal})"
            )

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
    def tables(self) -> list[str]:
        rows = self._con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name"
        ).fetchall()
        return [str(row[0]) for row in rows]

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The raw DuckDB connection, for engines that build relations directly."""
        return self._con

    @override
    def close(self) -> None:
        self._con.close()
