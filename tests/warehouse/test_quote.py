"""Composing SQL in the port: names quoted for each dialect, trusted fragments kept."""

from __future__ import annotations

import pytest

from dayone.warehouse import IdentifierError, Sql, WarehouseError, compose, connect, quote_name


def test_a_name_with_quotes_and_spaces_reads_back_as_that_column() -> None:
    name = 'Orders "net" (all)'
    with connect(":memory:") as warehouse:
        warehouse.execute(compose("CREATE TABLE t ({column} INTEGER)", column=name))
        warehouse.execute(compose("INSERT INTO t ({column}) VALUES (?)", column=name), [3])
        rows = warehouse.query(compose("SELECT {column} FROM {table}", column=name, table="t"))
    assert rows.column_names == [name]
    assert rows.column(0).to_pylist() == [3]


def test_a_name_cannot_close_its_quotes_and_run_a_second_statement() -> None:
    hostile = 'x" FROM t; DROP TABLE t; --'
    with connect(":memory:") as warehouse:
        warehouse.execute("CREATE TABLE t (x INTEGER)")
        with pytest.raises(WarehouseError, match='x" FROM t; DROP TABLE t; --'):
            warehouse.query(compose("SELECT {column} FROM t", column=hostile))
        assert warehouse.query("SELECT count(*) AS n FROM t").column("n").to_pylist() == [0]


def test_spark_names_are_quoted_with_backticks() -> None:
    assert compose("SELECT {c} FROM x", c="a`b", dialect="pyspark") == "SELECT `a``b` FROM x"
    assert quote_name("day", dialect="duckdb") == '"day"'


def test_fragments_marked_as_sql_are_kept_and_empty_names_refused() -> None:
    assert compose("SELECT * FROM ({q})", q=Sql("SELECT 1")) == "SELECT * FROM (SELECT 1)"
    with pytest.raises(IdentifierError, match="column must be a non-empty name"):
        compose("SELECT {column} FROM t", column="")
