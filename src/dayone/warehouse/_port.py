"""The warehouse port: what every analytical backend offers the engines."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dayone.warehouse._errors import WarehouseError
from dayone.warehouse._quote import split_table

if TYPE_CHECKING:
    from collections.abc import Sequence

    import ibis.expr.types as ir
    import pyarrow as pa


class Warehouse(ABC):
    """An analytical engine that runs set-based queries and returns Arrow tables.

    Portable queries are Ibis expressions over :meth:`table`, compiled for the engine's
    ``dialect`` by :meth:`run`. ``query`` and ``execute`` take SQL in the engine's own dialect.
    """

    dialect: ClassVar[str] = "duckdb"
    """The Ibis/SQLGlot dialect queries are compiled to (``duckdb``, ``pyspark``)."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """Run one SQL statement and return its result as an Arrow table."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run one SQL statement for its effect."""

    @abstractmethod
    def register(self, name: str, table: pa.Table) -> None:
        """Expose an in-memory Arrow table under ``name``."""

    @abstractmethod
    def register_file(self, name: str, path: Path) -> None:
        """Expose a Parquet or CSV file (by its suffix) as the table ``name``, read in place.

        A folder is a partitioned Parquet table (``date=2024-03-01/part.parquet``...), read whole
        with the partition columns restored from the folder names.
        """

    @abstractmethod
    def write_parquet(self, expr: ir.Table, folder: Path, *, partition_by: Sequence[str]) -> None:
        """Write the rows of ``expr`` under the new ``folder`` as Hive-partitioned Parquet.

        One sub-folder per value of the ``partition_by`` columns (``date=2024-03-01/``), read
        back whole by :meth:`register_file`. Callers write to a fresh folder and rename it into
        place (see :func:`dayone.warehouse.ingest`): a failed job may leave files behind there.
        """

    def create_table(self, name: str, schema: pa.Schema, *, key: str | None = None) -> None:
        """Create the table ``name`` with the columns of ``schema``, unless it exists.

        ``key`` names a column whose values are unique: DuckDB enforces it as a primary key;
        Spark enforces no key, so writers keep it unique themselves.
        """
        from dayone.warehouse._quote import quote_identifier, quote_table

        primary = f", PRIMARY KEY ({quote_identifier(key, 'key column')})" if key else ""
        self.execute(
            f"CREATE TABLE IF NOT EXISTS {quote_table(name)} "
            f"({self._column_defs(schema, nullable=False)}{primary})"
        )

    def _column_defs(self, schema: pa.Schema, *, nullable: bool) -> str:
        import ibis

        from dayone.warehouse._dialects import ENGINES

        columns = ibis.Schema.from_pyarrow(schema)
        if nullable:
            columns = ibis.schema({n: t.copy(nullable=True) for n, t in columns.items()})
        defs = columns.to_sqlglot_column_defs(ENGINES.get(self.dialect, self.dialect))
        return ", ".join(d.sql(ENGINES.get(self.dialect, self.dialect)) for d in defs)

    @abstractmethod
    def schema(self, table: str) -> pa.Schema:
        """The columns of a table or view (``table`` or ``schema.table``)."""

    @abstractmethod
    def tables(self) -> list[str]:
        """Names of the tables and views the warehouse can read."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def table(self, name: str) -> ir.Table:
        """``name`` as an Ibis table, to build a portable query on."""
        import ibis

        parts = split_table(name)
        schema = ibis.Schema.from_pyarrow(self.schema(name))
        if len(parts) == 2:
            return ibis.table(schema, name=parts[1], database=parts[0])
        return ibis.table(schema, name=parts[0])

    def compile(self, expr: ir.Table) -> str:
        """The SQL of an Ibis expression in this engine's dialect."""
        import ibis

        try:
            return str(ibis.to_sql(expr, dialect=self.dialect))
        except Exception as exc:  # Ibis raises many types for an operation a dialect lacks
            raise WarehouseError(
                f"the {self.dialect} engine cannot run this query: {type(exc).__name__}: {exc}"
            ) from exc

    def transpile(self, sql: str, *, read: str = "duckdb") -> str:
        """SQL written in DuckDB's dialect (or ``read``'s) in this engine's, by SQLGlot.

        For what Ibis cannot express: a construct the engine lacks raises
        :class:`WarehouseError` naming it and the engine.
        """
        from dayone.warehouse._dialects import transpile

        return transpile(sql, write=self.dialect, read=read)

    def run(self, expr: ir.Table) -> pa.Table:
        """Compile an Ibis expression for this engine and return its (small) result."""
        return self.query(self.compile(expr))

    def watch_progress(self) -> None:
        """Have the engine estimate the progress of the queries that follow (see :meth:`progress`).

        Spark always does; DuckDB only when asked, as it costs a little on every query.
        """
        return

    def progress(self) -> float | None:
        """The share (0 to 1) done of the query running now, if the engine tells; else ``None``.

        Called from another thread while :meth:`run` works, to draw a progress bar.
        """
        return None

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
