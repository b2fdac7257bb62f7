"""The port to analytical engines.

Engines ask the warehouse for small, aggregated results; they never pull raw rows into Python.
``ingest`` loads CSV or Parquet files into date-partitioned tables; ``exact_sum`` sums
money without overflow on every engine. ``connect()`` opens the engine ``DAYONE_WAREHOUSE`` names: DuckDB in-process by default, or
Apache Spark (local, a cluster, Spark Connect) with the ``spark`` extra. Portable queries are
Ibis expressions over ``warehouse.table(name)``, compiled for the engine by ``warehouse.run``. What Ibis cannot express is written in DuckDB's
dialect and transpiled by SQLGlot (``warehouse.transpile``); ``AnalyticalStore.read_sql`` runs a
SQL data source that way on any engine. Importing the port loads no engine: DuckDB, Ibis and
SQLGlot are imported when something first needs them.

Exception tree::

    WarehouseError
     └── IdentifierError (also a ValueError)
"""

import typing

from dayone.warehouse._connect import connect
from dayone.warehouse._errors import WarehouseError
from dayone.warehouse._port import Warehouse
from dayone.warehouse._quote import (
    IdentifierError,
    Sql,
    check_identifier,
    compose,
    quote_identifier,
    quote_name,
    quote_table,
    split_table,
    sql_literal,
)
from dayone.warehouse._settings import SETTING, Target, configured, parse

if typing.TYPE_CHECKING:
    from dayone.warehouse._duckdb import DuckDBWarehouse
    from dayone.warehouse._fake import FakeWarehouse
    from dayone.warehouse._ingest import ingest
    from dayone.warehouse._local import close_local_connections, local_connection, local_readonly
    from dayone.warehouse._money import exact_sum
    from dayone.warehouse._store import AnalyticalStore, SqlStatementError, check_select

_LAZY = {
    "DuckDBWarehouse": "_duckdb",
    "FakeWarehouse": "_fake",
    "ingest": "_ingest",
    "close_local_connections": "_local",
    "local_connection": "_local",
    "local_readonly": "_local",
    "exact_sum": "_money",
    "AnalyticalStore": "_store",
    "SqlStatementError": "_store",
    "check_select": "_store",
}
"""Names whose modules load DuckDB, Ibis or SQLGlot: imported the first time they are used."""


def __getattr__(name: str) -> typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(__import__(f"{__name__}.{module}", fromlist=[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "SETTING",
    "AnalyticalStore",
    "DuckDBWarehouse",
    "FakeWarehouse",
    "IdentifierError",
    "Sql",
    "SqlStatementError",
    "Target",
    "Warehouse",
    "WarehouseError",
    "check_identifier",
    "check_select",
    "close_local_connections",
    "compose",
    "configured",
    "connect",
    "exact_sum",
    "ingest",
    "local_connection",
    "local_readonly",
    "parse",
    "quote_identifier",
    "quote_name",
    "quote_table",
    "split_table",
    "sql_literal",
]
