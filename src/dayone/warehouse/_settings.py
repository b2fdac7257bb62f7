"""``DAYONE_WAREHOUSE``: which analytical engine to use, as one URL.

==============================  ===========================================================
``duckdb`` (or unset)           DuckDB in-process, with the data folder's Parquet tables
``duckdb:///path/file.duckdb``  DuckDB on that file (and the Parquet folder beside it)
``duckdb://:memory:``           DuckDB in memory, nothing else
``spark://local[N]``            Apache Spark in local mode on N cores (``local[*]``: all)
``spark://host:7077``           a Spark standalone cluster's master
``sc://host:15002``             a Spark Connect server
==============================  ===========================================================
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from dayone.warehouse._errors import WarehouseError

SETTING = "DAYONE_WAREHOUSE"
_LOCAL = re.compile(r"^local(\[(\d+|\*)\])?$")
_HOST_PORT = re.compile(r"^(?P<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\]):(?P<port>\d{1,5})$")

Kind = Literal["duckdb", "spark", "spark-connect"]


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed engine URL: what to open, and where."""

    kind: Kind
    url: str
    path: Path | None = None
    """DuckDB: the database file, or ``None`` in memory."""
    parquet: Path | None = None
    """DuckDB: a folder whose ``*.parquet`` files are exposed as views."""
    master: str | None = None
    """Spark: the master URL handed to the session (``local[4]``, ``spark://host:7077``)."""
    host: str | None = None
    port: int | None = None


def data_warehouse_dir() -> Path:
    """The analytical folder of the data folder (``$DAYONE_HOME/warehouse``)."""
    home = Path(os.environ.get("DAYONE_HOME", ".dayone")).expanduser().resolve()
    return home / "warehouse"


def _host_port(url: str, rest: str) -> tuple[str, int]:
    match = _HOST_PORT.match(rest)
    if match is None or not 0 < int(match["port"]) < 65536:
        raise WarehouseError(f"{SETTING}={url!r}: expected HOST:PORT after the scheme")
    return match["host"].strip("[]"), int(match["port"])


def parse(url: str | None) -> Target:
    """Read an engine URL (``None`` or empty: the default, DuckDB in the data folder)."""
    text = (url or "").strip()
    if text in ("", "duckdb", "duckdb://"):
        return Target("duckdb", "duckdb", parquet=data_warehouse_dir() / "parquet")
    scheme, sep, rest = text.partition("://")
    if not sep:
        raise WarehouseError(
            f"{SETTING}={text!r}: expected duckdb:///FILE, spark://local[N], "
            "spark://HOST:PORT or sc://HOST:PORT"
        )
    if scheme == "duckdb":
        if rest == ":memory:":
            return Target("duckdb", text)
        if not rest.startswith("/"):
            raise WarehouseError(
                f"{SETTING}={text!r}: a DuckDB file is written duckdb:///absolute/path.duckdb"
            )
        path = Path(rest)
        return Target("duckdb", text, path=path, parquet=path.parent / "parquet")
    if scheme == "spark":
        if _LOCAL.match(rest):
            return Target("spark", text, master=rest)
        host, port = _host_port(text, rest)
        return Target("spark", text, master=f"spark://{rest}", host=host, port=port)
    if scheme == "sc":
        host, port = _host_port(text, rest)
        return Target("spark-connect", text, master=text, host=host, port=port)
    raise WarehouseError(
        f"{SETTING}={text!r}: unknown engine {scheme!r}; use duckdb, spark or sc (Spark Connect)"
    )


def configured() -> Target:
    """The engine the environment asks for."""
    return parse(os.environ.get(SETTING))
