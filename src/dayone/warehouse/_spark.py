"""Apache Spark (local mode, a standalone cluster or Spark Connect): the distributed backend.

Needs the ``spark`` extra (``pip install 'dayone[spark]'``) and, except over Spark Connect, a
Java runtime. The session runs in UTC with ANSI SQL on, so timestamps stored as UTC without a
time zone read back unchanged and an overflowing sum fails instead of wrapping.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pyarrow as pa
from typing_extensions import override

from dayone.warehouse._errors import WarehouseError
from dayone.warehouse._port import Warehouse
from dayone.warehouse._quote import check_identifier, quote_table, sql_literal

if TYPE_CHECKING:
    from collections.abc import Sequence

    import ibis.expr.types as ir

    from dayone.warehouse._settings import Target

_EXTRA = "pip install 'dayone[spark]'"
_CONNECT_TIMEOUT = 5.0


def local_shuffle_partitions() -> int:
    """Shuffle partitions of a local session: Spark's 200 unless the environment says.

    Adaptive query execution (on by default) merges the small ones after each shuffle, so a
    small query reads a few partitions and a large one keeps each partition small enough to sort
    in memory. A fixed few per core made the largest joins spill: at 100M events on two cores,
    four partitions took 1.5 times as long as 200.
    """
    configured = os.environ.get("DAYONE_SPARK_SHUFFLE_PARTITIONS", "").strip()
    if not configured:
        return 200
    if not configured.isdigit() or int(configured) < 1:
        raise WarehouseError(
            f"DAYONE_SPARK_SHUFFLE_PARTITIONS={configured!r}: expected a whole number of at least 1"
        )
    return int(configured)


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _reachable(target: Target) -> None:
    assert target.host is not None and target.port is not None  # noqa: S101 - parsed URL
    try:
        with socket.create_connection((target.host, target.port), timeout=_CONNECT_TIMEOUT):
            pass
    except OSError as exc:
        what = "Spark Connect server" if target.kind == "spark-connect" else "Spark master"
        raise WarehouseError(
            f"cannot reach the {what} at {target.host}:{target.port} ({exc.strerror or exc}); "
            "check DAYONE_WAREHOUSE and that the server is running"
        ) from None


def _session(target: Target) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise WarehouseError(f"{target.url} needs Apache Spark: {_EXTRA}") from None
    if target.kind == "spark-connect":
        try:
            import pyspark.sql.connect.session  # noqa: F401 - checks the client's dependencies
        except ImportError as exc:  # pyspark names the missing package in its message
            missing = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.name
            raise WarehouseError(
                f"{target.url} needs the Spark Connect client ({missing}): {_EXTRA}"
            ) from None
        _reachable(target)
        builder = SparkSession.builder.remote(target.url)
    else:
        if _java() is None:
            raise WarehouseError(
                f"{target.url} needs Java 17 or newer: install a JDK "
                "(apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
            )
        if target.host is not None:
            _reachable(target)
        builder = (
            SparkSession.builder.master(str(target.master))
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        )
        if target.host is None:
            builder = (
                builder.config("spark.sql.shuffle.partitions", str(local_shuffle_partitions()))
                .config("spark.sql.adaptive.coalescePartitions.enabled", "true")
                # past 16 partitions a map task writes one sorted file, not one file per partition
                .config("spark.shuffle.sort.bypassMergeThreshold", "16")
                .config("spark.driver.memory", os.environ.get("DAYONE_SPARK_DRIVER_MEMORY", "2g"))
            )
    builder = builder.appName("dayone").config("spark.sql.session.timeZone", "UTC")
    builder = builder.config("spark.sql.ansi.enabled", "true")
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # py4j and Spark raise their own types on start-up
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise WarehouseError(f"cannot start Spark at {target.url}: {first}") from exc
    # Failures reach the caller as one WarehouseError line; Spark's own logs would repeat them.
    logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)
    if target.kind != "spark-connect":
        session.sparkContext.setLogLevel("OFF")
    return session


def preflight(target: Target) -> None:
    """Check, without starting anything, that Spark can be opened for ``target``: the extra is
    installed, Java is there (except over Spark Connect) and a remote master answers.

    Raises :class:`WarehouseError` with one line saying what to install or set.
    """
    try:
        import pyspark  # noqa: F401 - only whether it is installed
    except ImportError:
        raise WarehouseError(f"{target.url} needs Apache Spark: {_EXTRA}") from None
    if target.kind != "spark-connect" and _java() is None:
        raise WarehouseError(
            f"{target.url} needs Java 17 or newer: install a JDK "
            "(apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
        )
    if target.host is not None:
        _reachable(target)


def forget_jvm() -> None:
    """In a forked child: drop the parent's Spark gateway, so that the child starts its own JVM
    instead of talking to its parent's over inherited sockets."""
    import sys

    if "pyspark" not in sys.modules:
        return
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    SparkContext._gateway = None
    SparkContext._jvm = None
    SparkContext._active_spark_context = None
    SparkSession._instantiatedSession = None
    SparkSession._activeSession = None


def _naive_utc(table: pa.Table) -> pa.Table:
    """Spark hands timestamps back marked UTC; the port's timestamps are naive UTC."""
    for index, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type) and field.type.tz is not None:
            # Arrow stores aware timestamps in UTC: dropping the zone keeps the UTC wall time.
            plain = table.column(index).cast(pa.timestamp(field.type.unit))
            table = table.set_column(index, field.name, plain)
    return table


class SparkWarehouse(Warehouse):
    """A Spark session; tables are the session's catalogue (and temporary views).

    Tables made by :meth:`create_table` are Parquet folders under ``tables_dir`` (Spark's
    warehouse folder when ``None``), found again by the next session that creates them.
    """

    dialect: ClassVar[str] = "pyspark"

    def __init__(self, target: Target, *, tables_dir: Path | None = None) -> None:
        self.target = target
        self.tables_dir = tables_dir
        self._owned = True
        self._spark = _session(target)
        # Ibis's Spark compiler reads options its backend registers when first named.
        import ibis

        ibis.pyspark  # noqa: B018

    def borrow(self, *, tables_dir: Path | None = None) -> SparkWarehouse:
        """Another handle on the same Spark application, with its own temporary views (a new
        session where the engine allows it); closing it leaves the application running."""
        other = object.__new__(SparkWarehouse)
        other.target = self.target
        other.tables_dir = tables_dir if tables_dir is not None else self.tables_dir
        other._owned = False
        if self.target.kind == "spark-connect":
            other._spark = self._spark
        else:
            other._spark = self._spark.newSession()
            for key in ("spark.sql.session.timeZone", "spark.sql.ansi.enabled"):
                other._spark.conf.set(key, self._spark.conf.get(key))
        return other

    def _error(self, exc: Exception) -> WarehouseError:
        text = str(exc).strip()
        first = text.splitlines()[0] if text else type(exc).__name__
        return WarehouseError(f"Spark: {first}")

    @override
    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        try:
            frame = self._spark.sql(sql, args=list(params) if params else None)
            return _naive_utc(frame.toArrow())
        except Exception as exc:
            raise self._error(exc) from exc

    @override
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        try:
            self._spark.sql(sql, args=list(params) if params else None).collect()
        except Exception as exc:
            raise self._error(exc) from exc

    @override
    def register(self, name: str, table: pa.Table) -> None:
        check_identifier(name, "table name")
        try:
            self._spark.createDataFrame(table).createOrReplaceTempView(name)
        except Exception as exc:
            raise self._error(exc) from exc

    @override
    def register_file(self, name: str, path: Path) -> None:
        check_identifier(name, "table name")
        suffix = path.suffix.lower()
        if path.is_dir():
            suffix = ".parquet"  # a partitioned table: Spark reads the folder and its partitions
        elif suffix not in (".parquet", ".csv"):
            raise WarehouseError(f"{path}: expected a .parquet or .csv file")
        elif not path.exists():
            raise WarehouseError(f"{path}: no such file")
        try:
            reader = self._spark.read
            if suffix == ".parquet":
                frame = reader.parquet(str(path))
            else:
                frame = reader.options(header=True, inferSchema=True).csv(str(path))
            frame.createOrReplaceTempView(name)
        except Exception as exc:
            raise self._error(exc) from exc

    @override
    def write_parquet(self, expr: ir.Table, folder: Path, *, partition_by: Sequence[str]) -> None:
        for column in partition_by:
            check_identifier(column, "partition column")
        sql = self.compile(expr)
        try:
            self._spark.sql(sql).write.partitionBy(*partition_by).parquet(str(folder))
        except Exception as exc:
            raise self._error(exc) from exc

    @override
    def create_table(self, name: str, schema: pa.Schema, *, key: str | None = None) -> None:
        # Spark enforces no key: writers keep ``key`` unique themselves (an anti-join).
        quoted = quote_table(name, dialect="pyspark")
        location = ""
        if self.tables_dir is not None:
            folder = self.tables_dir / check_identifier(name, "table name")
            location = f" LOCATION {sql_literal(folder.as_uri())}"
        self.execute(
            f"CREATE TABLE IF NOT EXISTS {quoted} ({self._column_defs(schema, nullable=True)}) "
            f"USING parquet{location}"
        )
        try:  # another process may have appended files since this one last listed them
            self._spark.catalog.refreshTable(name)
        except Exception as exc:
            raise self._error(exc) from exc

    @override
    def schema(self, table: str) -> pa.Schema:
        sql = f"SELECT * FROM {quote_table(table, dialect='pyspark')} LIMIT 0"  # noqa: S608 - quoted name
        return self.query(sql).schema

    @override
    def tables(self) -> list[str]:
        return sorted(t.name for t in self._spark.catalog.listTables())

    @override
    def progress(self) -> float | None:
        # Tasks done over the tasks known of the jobs running now (Spark Connect does not tell).
        if self.target.kind == "spark-connect":
            return None
        try:
            tracker = self._spark.sparkContext.statusTracker()
            jobs = [tracker.getJobInfo(j) for j in tracker.getActiveJobsIds()]
            ids = {s for job in jobs if job is not None for s in job.stageIds}
            stages = [tracker.getStageInfo(s) for s in sorted(ids)]
        except Exception:
            return None
        total = sum(s.numTasks for s in stages if s is not None)
        done = sum(s.numCompletedTasks for s in stages if s is not None)
        return done / total if total else None

    @override
    def close(self) -> None:
        # A local session owns its JVM: stopping it frees the cores and the memory. A borrowed
        # handle only forgets its temporary views.
        if self._owned:
            self._spark.stop()
