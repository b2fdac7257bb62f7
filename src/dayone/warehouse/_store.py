"""The analytical store's layout on disk, in one place for every part of the server.

``<root>/parquet/<name>.parquet``  one table per file (data sources, daily business metrics,
                                   events), written through a temporary file and a rename
``<root>/<name>.duckdb``           DuckDB files that take writes (the exposure log)
``<root>/spark/<table>/``          on Spark, the tables that take writes instead: Parquet
                                   folders in the session's catalogue

The store runs on the engine ``DAYONE_WAREHOUSE`` names (DuckDB by default). On Spark, each
process opens one Spark application after any ``fork`` and hands every caller a session of it
with the store's tables as temporary views.

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

from dayone.warehouse._connect import connect
from dayone.warehouse._errors import WarehouseError
from dayone.warehouse._port import Warehouse
from dayone.warehouse._quote import check_identifier, sql_literal
from dayone.warehouse._settings import Target, parse

if TYPE_CHECKING:
    from collections.abc import Collection

    import pyarrow as pa


class SqlStatementError(WarehouseError, ValueError):
    """SQL that is not exactly one ``SELECT``."""


def check_select(
    sql: str, *, dialect: str = "duckdb", tables: Collection[str] | None = None
) -> str:
    """The query without a trailing semicolon; refused unless it is exactly one SELECT.

    With ``tables``, it may read only those tables (and its own ``WITH`` names): no file, no
    table function, nothing from another schema.
    """
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
    if tables is not None:
        _check_tables(statement, set(tables))
    return text


def _check_tables(statement: exp.Query, allowed: set[str]) -> None:
    own = {cte.alias_or_name for cte in statement.find_all(exp.CTE)}
    for table in statement.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier):
            what = table.this.sql(dialect="duckdb") if table.this else "a table function"
            raise SqlStatementError(
                f"the query reads {what}: read only the store's tables "
                f"({', '.join(sorted(allowed)) or 'none yet'})"
            )
        if table.db or table.catalog or table.name not in allowed | own:
            raise SqlStatementError(
                f"the query reads {table.sql(dialect='duckdb')}, which is not a table of the "
                f"store ({', '.join(sorted(allowed)) or 'none yet'})"
            )


class AnalyticalStore:
    """The analytical folder: Parquet tables and DuckDB files under one root.

    ``engine`` is a ``DAYONE_WAREHOUSE`` URL; empty, or any DuckDB URL, keeps the store's own
    DuckDB files under ``root``.
    """

    def __init__(self, root: str | Path, engine: str | Target | None = None) -> None:
        self.root = Path(root)
        self.target = engine if isinstance(engine, Target) else parse(engine)

    @property
    def distributed(self) -> bool:
        """Whether the store runs on Spark rather than on its own DuckDB files."""
        return self.target.kind != "duckdb"

    @property
    def spark_folder(self) -> Path:
        """On Spark, where the tables that take writes keep their Parquet folders."""
        return self.root / "spark"

    def check(self) -> None:
        """Check, without starting it, that the store's engine can be opened: for Spark, the
        extra, Java and a remote master; raises :class:`WarehouseError` in one line."""
        if self.distributed:
            from dayone.warehouse._spark import preflight

            preflight(self.target)

    def _spark(self) -> Warehouse:
        from dayone.warehouse._local import shared_engine
        from dayone.warehouse._spark import SparkWarehouse

        engine = shared_engine(self.target)
        assert isinstance(engine, SparkWarehouse)  # noqa: S101 - a non-DuckDB target is Spark
        warehouse = engine.borrow(tables_dir=self.spark_folder)
        self.attach(warehouse)
        return warehouse

    def open(self, name: str) -> Warehouse:
        """The engine for reading and writing the store: DuckDB on the file ``name`` (the tables
        as views beside it), or a Spark session with the tables as temporary views."""
        if self.distributed:
            check_identifier(name, "database name")
            return self._spark()
        from dayone.warehouse._duckdb import DuckDBWarehouse

        path = self.target.path or self.database_path(name)
        try:
            return DuckDBWarehouse(path, parquet=self.parquet_folder)
        except WarehouseError as exc:
            raise WarehouseError(str(exc)) from exc

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

    def attach(self, warehouse: Warehouse) -> list[str]:
        """Expose every table of the store to ``warehouse`` (any engine), read in place."""
        names = self.tables()
        for name in names:
            warehouse.register_file(name, self.parquet_path(name))
        return names

    def read_sql(self, warehouse: Warehouse, sql: str) -> pa.Table:
        """Run a SQL data source (one DuckDB-dialect SELECT over the store's tables) on any
        engine: checked, transpiled for the engine by SQLGlot, and run there.

        A construct the engine cannot run raises :class:`WarehouseError` naming it and the
        engine; a file, a table function or a table outside the store is refused first.
        """
        text = check_select(sql, tables=self.tables())
        self.attach(warehouse)
        return warehouse.query(warehouse.transpile(text))

    def open_readonly(self) -> Warehouse:
        """An in-memory DuckDB with a view per table that reads only the store, writes nothing.

        On Spark, a session with the tables as temporary views; the SQL it is given is checked
        first (:func:`check_select` with the store's tables), as Spark cannot be locked down.
        """
        if self.distributed:
            return self._spark()
        warehouse = connect(":memory:")
        for name in self.tables():
            warehouse.register_file(name, self.parquet_path(name))
        folder = self.parquet_folder
        allowed = str(folder.resolve()) + os.sep if folder.is_dir() else "/nonexistent/"
        warehouse.execute(f"SET allowed_directories = [{sql_literal(allowed)}]")
        warehouse.execute("SET enable_external_access = false")
        warehouse.execute("SET lock_configuration = true")
        return warehouse
