"""The warehouse port: what every analytical backend offers the engines."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pyarrow as pa


class WarehouseError(Exception):
    """A query or a table could not be read or written."""


class Warehouse(ABC):
    """An analytical engine that runs set-based SQL and returns Arrow tables."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """Run one SQL statement and return its result as an Arrow table."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run one SQL statement for its effect."""

    @abstractmethod
    def register(self, name: str, table: pa.Table) -> None:
        """Expose an in-memory Arrow table to SQL under ``name``."""

    @abstractmethod
    def tables(self) -> list[str]:
        """Names of the tables and views the warehouse can read."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def connect(path: str | Path | None = None, *, read_only: bool = False) -> Warehouse:
    """Open the default warehouse: DuckDB at ``path`` (in memory when ``None``).

    Parquet files in a ``parquet/`` folder beside the database file are exposed as views
    named after the file (``parquet/daily_business.parquet`` -> ``daily_business``).
    """
    from dayone.warehouse._duckdb import DuckDBWarehouse

    return DuckDBWarehouse(Path(path) if path is not None else None, read_only=read_only)
