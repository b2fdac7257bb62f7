"""A warehouse that opens on first use: a deck whose data needs no SQL never opens one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typing_extensions import override

from dayone.warehouse import Warehouse, connect

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import ibis.expr.types as ir
    import pyarrow as pa


class LazyWarehouse(Warehouse):
    """The default in-memory warehouse, connected when the first statement or table arrives."""

    def __init__(self) -> None:
        self._wh: Warehouse | None = None

    def _open(self) -> Warehouse:
        if self._wh is None:
            self._wh = connect(":memory:")
        return self._wh

    @override
    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        return self._open().query(sql, params)

    @override
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self._open().execute(sql, params)

    @override
    def register(self, name: str, table: pa.Table) -> None:
        self._open().register(name, table)

    @override
    def register_file(self, name: str, path: Path) -> None:
        self._open().register_file(name, path)

    @override
    def write_parquet(self, expr: ir.Table, folder: Path, *, partition_by: Sequence[str]) -> None:
        self._open().write_parquet(expr, folder, partition_by=partition_by)

    @override
    def schema(self, table: str) -> pa.Schema:
        return self._open().schema(table)

    @override
    def tables(self) -> list[str]:
        return self._open().tables()

    @override
    def close(self) -> None:
        if self._wh is not None:
            self._wh.close()
            self._wh = None
