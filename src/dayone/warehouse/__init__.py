"""The port to analytical engines.

Engines ask the warehouse for small, aggregated results; they never pull raw rows into Python.
DuckDB runs in-process by default. The port is small on purpose so that another backend
(for example Spark through Ibis) can implement it.

Exception tree::

    WarehouseError
"""

from dayone.warehouse._duckdb import DuckDBWarehouse
from dayone.warehouse._local import close_local_connections, local_connection
from dayone.warehouse._port import Warehouse, WarehouseError, connect

__all__ = [
    "DuckDBWarehouse",
    "Warehouse",
    "WarehouseError",
    "close_local_connections",
    "connect",
    "local_connection",
]
