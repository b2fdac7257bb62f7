"""DAYONE_WAREHOUSE names the engine; bad values and missing pieces fail in one clear line."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from dayone import warehouse
from dayone.warehouse import WarehouseError, connect, parse


def test_unset_means_duckdb_over_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DAYONE_WAREHOUSE", raising=False)
    monkeypatch.setenv("DAYONE_HOME", str(tmp_path))
    store = warehouse.AnalyticalStore(tmp_path / "warehouse")
    import pyarrow as pa

    store.write_table("daily_business", pa.table({"orders": [3, 4]}))
    with connect() as wh:
        assert wh.dialect == "duckdb"
        assert wh.query("SELECT SUM(orders) AS s FROM daily_business").to_pylist() == [{"s": 7}]


def test_a_duckdb_file_url_opens_that_file(tmp_path, monkeypatch):
    path = tmp_path / "x.duckdb"
    monkeypatch.setenv("DAYONE_WAREHOUSE", f"duckdb://{path}")
    with connect() as wh:
        wh.execute("CREATE TABLE t AS SELECT 1 AS a")
    assert path.exists()
    with connect(f"duckdb://{path}") as wh:
        assert wh.tables() == ["t"]


@pytest.mark.parametrize(
    ("url", "kind", "master", "host", "port"),
    [
        ("spark://local[4]", "spark", "local[4]", None, None),
        ("spark://local[*]", "spark", "local[*]", None, None),
        ("spark://local", "spark", "local", None, None),
        ("spark://10.0.0.5:7077", "spark", "spark://10.0.0.5:7077", "10.0.0.5", 7077),
        (
            "sc://spark.example.com:15002",
            "spark-connect",
            "sc://spark.example.com:15002",
            "spark.example.com",
            15002,
        ),
    ],
)
def test_spark_urls(url, kind, master, host, port):
    target = parse(url)
    assert (target.kind, target.master, target.host, target.port) == (kind, master, host, port)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgres://db:5432/x", "unknown engine 'postgres'"),
        ("spark://nowhere", "expected HOST:PORT"),
        ("sc://host:99999", "expected HOST:PORT"),
        ("duckdb://relative.duckdb", "duckdb:///absolute/path.duckdb"),
        ("local[4]", "expected duckdb:///FILE, spark://local[N]"),
    ],
)
def test_bad_urls_name_the_setting_and_the_form(url, message):
    with pytest.raises(WarehouseError) as caught:
        parse(url)
    assert "DAYONE_WAREHOUSE" in str(caught.value)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_spark_without_the_extra_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(WarehouseError, match=r"pip install 'dayone\[spark\]'"):
        connect("spark://local[1]")


def test_spark_connect_without_its_client_says_what_to_install(monkeypatch):
    pytest.importorskip("pyspark", reason="the spark extra is not installed")
    monkeypatch.setitem(sys.modules, "pyspark.sql.connect.session", None)
    with pytest.raises(WarehouseError) as caught:
        connect(f"sc://127.0.0.1:{_closed_port()}")
    text = str(caught.value)
    assert "needs the Spark Connect client" in text and "pip install 'dayone[spark]'" in text
    assert "\n" not in text


def test_spark_without_java_says_what_to_install(monkeypatch, tmp_path):
    pytest.importorskip("pyspark", reason="the spark extra is not installed")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(WarehouseError, match=r"needs Java 17 or newer.*JAVA_HOME"):
        connect("spark://local[1]")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("scheme", ["spark", "sc"])
def test_an_unreachable_master_fails_at_once_in_one_line(scheme):
    pytest.importorskip("pyspark", reason="the spark extra is not installed")
    port = _closed_port()
    with pytest.raises(WarehouseError) as caught:
        connect(f"{scheme}://127.0.0.1:{port}")
    text = str(caught.value)
    assert "cannot reach the Spark" in text and f"127.0.0.1:{port}" in text
    assert "\n" not in text


def test_identifiers_are_checked_and_quoted_per_dialect():
    assert warehouse.quote_identifier("unit_id") == '"unit_id"'
    assert warehouse.quote_identifier("unit_id", dialect="pyspark") == "`unit_id`"
    assert warehouse.quote_table("lake.events", dialect="pyspark") == "`lake`.`events`"
    for bad in ['a"b', "a b", "1x", "", "a.b.c.d"]:
        with pytest.raises(warehouse.IdentifierError):
            warehouse.quote_table(bad)


def test_a_path_still_opens_a_duckdb_file(tmp_path):
    with connect(Path(tmp_path / "a.duckdb")) as wh:
        assert wh.dialect == "duckdb"
