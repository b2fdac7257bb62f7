"""The analytical store's layout on disk, in one place for every part of the server.

``<root>/parquet/<name>.parquet``  one table per file (data sources, daily business metrics,
                                   events), written through a temporary file and a rename
``<root>/<name>.duckdb``           DuckDB files that take writes (the exposure log)

SQL written by users is checked here too: exactly one ``SELECT``, parsed by SQLGlot.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq
import sqlglot
from sqlglot import expressions as exp

from dayone.warehouse._port import Warehouse, WarehouseError, connect
from dayone.warehouse._quote import check_identifier, sql_literal

if TYPE_CHECKING:
    import pyarrow as pa


class SqlStatementError(WarehouseError, ValueError):
    """SQL that is not exactly one ``SELECT``."""


def check_select(sql: str, *, dialect: str = "duckdb") -> str:
    """The query without a trailing semicolon; refused unless it is exactly one SELECT."""
    text = sql.strip().rstrip(";").strip()
    if not text:
        raise SqlStatementError("write one SELECT statement")
    try:
        statements = [s for s in sqlglot.parse(text, read=dialect) if s is not None]
    except sqlglot.errors.ParseError as exc:
        first = exc.errors[0] if exc.errors else {}
        where = f" at line {first.get('line')}, column {first.get('col')}" if first else ""
        near = f" near {first['highlight']!r}" if first.get("highlight") else ""
        what = first.get("description") or "unexpected text"
        raise SqlStatementError(f"the SQL cannot be parsed{where}{near}: {what}") from exc
    except sqlglot.errors.SqlglotError as exc:
        raise SqlStatementError(f"the SQL cannot be parsed: {exc}") from exc
    if len(statements) != 1:
        raise SqlStatementError(f"write one statement, not {len(statements)}")
    statement = statements[0]
    if not isinstance(statement, exp.Query) or statement.find(
        exp.Insert, exp.Update, exp.Delete, exp.Create, exp.Drop, exp.Copy
    ):
        kind = statement.key.upper() if not isinstance(statement, exp.Query) else "writing"
        article = "an" if kind[0] in "AEIOU" else "a"
        raise SqlStatementError(f"only SELECT is allowed here (this is {article} {kind} statement)")
    return text


class AnalyticalStore:
    """The analytical folder: Parquet tables and DuckDB files under one root."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @property
    def parquet_folder(self) -> Path:
        """Where the tables are kept, one Parquet file each."""
        return self.root / "parquet"

    def parquet_path(self, name: str) -> Path:
        """The file of the table ``name``."""
        return self.parquet_folder / f"{check_identifier(name, 'table name')}.parquet"

    def database_path(self, name: str) -> Path:
        """The DuckDB file called ``name`` (without its suffix)."""
        return self.root / f"{check_identifier(name, 'database name')}.duckdb"

    def tables(self) -> list[str]:
        """The tables of the store (one per Parquet file)."""
        folder = self.parquet_folder
        return sorted(p.stem for p in folder.glob("*.parquet")) if folder.is_dir() else []

    def write_table(self, name: str, table: pa.Table) -> Path:
        """Write ``table`` as the table ``name``; a failed write leaves the old file as it was."""
        target = self.parquet_path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{name}-", suffix=".tmp")
        os.close(handle)
        try:
            pq.write_table(table, temp)
            Path(temp).replace(target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return target

    def remove_table(self, name: str) -> None:
        """Remove the table ``name`` (nothing when there is none)."""
        self.parquet_path(name).unlink(missing_ok=True)

    def open_readonly(self) -> Warehouse:
        """An in-memory DuckDB with a view per table that reads only the store, writes nothing."""
        warehouse = connect(":memory:")
        for name in self.tables():
            warehouse.register_file(name, self.parquet_path(name))
        folder = self.parquet_folder
        allowed = str(folder.resolve()) + os.sep if folder.is_dir() else "/nonexistent/"
        warehouse.execute(f"SET allowed_directories = [{sql_literal(allowed)}]")
        warehouse.execute("SET enable_external_access = false")
        warehouse.execute("SET lock_configuration = true")
        return warehouse
