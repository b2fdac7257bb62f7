"""Opening an engine: the one place that knows every backend."""

from __future__ import annotations

from pathlib import Path

from dayone.warehouse._port import Warehouse


def connect(target: str | Path | None = None, *, read_only: bool = False) -> Warehouse:
    """Open an analytical engine.

    ``target`` is an engine URL (see :mod:`dayone.warehouse._settings`), a DuckDB file path,
    or ``":memory:"`` for a scratch in-process DuckDB. Without one, ``DAYONE_WAREHOUSE`` decides;
    unset, it is DuckDB in memory with the data folder's Parquet tables as views
    (``warehouse/parquet/daily_business.parquet`` -> ``daily_business``).
    """
    from dayone.warehouse._settings import configured, parse

    if isinstance(target, Path):
        return _duckdb(target, target.parent / "parquet", read_only=read_only)
    if target == ":memory:":
        return _duckdb(None, None, read_only=False)
    if isinstance(target, str) and "://" not in target and target not in ("", "duckdb"):
        path = Path(target)
        return _duckdb(path, path.parent / "parquet", read_only=read_only)
    parsed = configured() if target is None else parse(target)
    if parsed.kind == "duckdb":
        return _duckdb(parsed.path, parsed.parquet, read_only=read_only)
    from dayone.warehouse._spark import SparkWarehouse

    return SparkWarehouse(parsed)


def _duckdb(path: Path | None, parquet: Path | None, *, read_only: bool) -> Warehouse:
    from dayone.warehouse._duckdb import DuckDBWarehouse

    return DuckDBWarehouse(path, read_only=read_only, parquet=parquet)
