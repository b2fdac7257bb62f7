"""SQL data sources (one SELECT in DuckDB's dialect over the store's tables) give the same rows
on every backend, transpiled by SQLGlot; what an engine cannot run is named with the engine,
and a query may read only the store's tables."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from dayone import warehouse

from ._data import assert_close

# Written as a user writes a WBR SQL source: DuckDB's dialect, double-quoted names, FILTER,
# a cast, integer division, strftime, a window, a join of two tables on the date.
SOURCE = """
WITH o AS (
  SELECT CAST("date" AS DATE) AS day, SUM(orders) AS orders,
         COUNT(DISTINCT customer) AS customers,
         SUM(orders) FILTER (WHERE country = 'US') AS us_orders,
         SUM(amount_cents) AS cents
  FROM orders GROUP BY 1
)
SELECT o.day AS "date", o.orders, o.customers, o.us_orders, o.cents, v.visits,
       o.orders / v.visits AS conversion,
       strftime(o.day, '%Y-%m') AS month,
       SUM(o.orders) OVER (ORDER BY o.day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS week_orders
FROM o LEFT JOIN visits AS v ON v."date" = o.day
ORDER BY "date";
"""


def _store(tmp_path) -> warehouse.AnalyticalStore:
    rng = np.random.default_rng(3)
    days = [dt.date(2024, 1, 25) + dt.timedelta(days=i) for i in range(20)]
    rows: dict[str, list] = {"date": [], "country": [], "orders": [], "customer": []}
    for day in days:
        for country in ("US", "UK"):
            for _ in range(3):
                rows["date"].append(day)
                rows["country"].append(country)
                rows["orders"].append(int(rng.integers(0, 9)))
                rows["customer"].append(f"c{int(rng.integers(0, 12))}")
    orders = pa.table(rows).append_column(
        "amount_cents", pa.array([3 * 10**15] * len(rows["date"]), pa.int64())
    )
    store = warehouse.AnalyticalStore(tmp_path / "warehouse")
    store.write_table("orders", orders)
    visits = pa.table({"date": days[:-2], "visits": [int(v) for v in rng.integers(20, 90, 18)]})
    store.write_table("visits", visits)
    return store


def _expected(store: warehouse.AnalyticalStore) -> list[dict]:
    with warehouse.connect(":memory:") as duck:
        return store.read_sql(duck, SOURCE).to_pylist()


def test_a_sql_source_gives_the_same_rows_on_every_backend(backend, tmp_path):
    store = _store(tmp_path)
    got = store.read_sql(backend, SOURCE).to_pylist()
    expected = _expected(store)
    assert len(got) == len(expected) == 20
    assert got[-1]["visits"] is None  # the join kept the days without visits
    assert expected[0]["cents"] == 6 * 3 * 10**15
    for i, (a, e) in enumerate(zip(got, expected, strict=True)):
        assert a.keys() == e.keys()
        for key in e:
            if e[key] is None:
                assert a[key] is None, f"row {i} {key}"
            else:
                assert_close(a[key], e[key], f"row {i} {key}")


def test_a_construct_sqlglot_cannot_carry_is_named_with_the_engine(tmp_path):
    store = _store(tmp_path)
    fake = warehouse.FakeWarehouse(dialect="pyspark")
    with pytest.raises(warehouse.WarehouseError) as caught:
        store.read_sql(fake, "SELECT j -> '$.*' AS x, \"date\" FROM orders, (SELECT '{}' AS j)")
    text = str(caught.value)
    assert "spark engine cannot run this query" in text and "wildcard" in text
    assert fake.statements == []  # refused before anything ran


@pytest.mark.spark
def test_a_function_the_engine_lacks_is_named_with_the_engine(spark_warehouse, tmp_path):
    store = _store(tmp_path)
    with pytest.raises(warehouse.WarehouseError) as caught:
        store.read_sql(spark_warehouse, "SELECT \"date\", list_aggr([orders], 'sum') FROM orders")
    text = str(caught.value)
    assert text.startswith("Spark:") and "LIST_AGGR" in text.upper() and "\n" not in text


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("SELECT * FROM read_parquet('/etc/passwd')", "READ_PARQUET"),
        ("SELECT * FROM '/etc/passwd.parquet'", "not a table of the store"),
        ("SELECT * FROM other.orders", "not a table of the store"),
        ("SELECT * FROM range(3)", "read only the store's tables"),
        ("SELECT * FROM secrets", "not a table of the store (orders, visits)"),
    ],
)
def test_a_sql_source_reads_only_the_store(backend, tmp_path, sql, named):
    store = _store(tmp_path)
    with pytest.raises(
        warehouse.SqlStatementError, match=named.replace("(", r"\(").replace(")", r"\)")
    ):
        store.read_sql(backend, sql)


def test_a_with_name_is_not_taken_for_a_foreign_table(tmp_path):
    store = _store(tmp_path)
    with warehouse.connect(":memory:") as duck:
        got = store.read_sql(duck, "WITH t AS (SELECT * FROM visits) SELECT count(*) AS n FROM t")
    assert got.to_pylist() == [{"n": 18}]
