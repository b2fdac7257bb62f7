"""The server's analytical store: the data folder's ``warehouse/`` (``DAYONE_WAREHOUSE_DIR``), on
the engine ``DAYONE_WAREHOUSE`` names (DuckDB files there by default, or Apache Spark)."""

from __future__ import annotations

from django.conf import settings

from dayone.warehouse import AnalyticalStore


def analytical_store() -> AnalyticalStore:
    """The analytical store in the data folder (read from the settings at each call)."""
    return AnalyticalStore(settings.DAYONE_WAREHOUSE_DIR, settings.DAYONE_WAREHOUSE)
