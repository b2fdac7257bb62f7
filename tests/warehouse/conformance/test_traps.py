"""The known traps between engines, each pinned: UTC timestamps, money sums that neither wrap
nor round, no hashing in SQL, distinct counts that are exact and never summed across days."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pyarrow as pa
import pytest
import sqlglot

from dayone import experiments as ex
from dayone import warehouse

from .test_experiments import _spec


def test_timestamps_are_utc_without_a_time_zone(backend):
    stamps = [dt.datetime(2024, 3, 1, 23, 30), dt.datetime(2024, 3, 31, 1, 0)]  # noqa: DTZ001
    backend.register("stamps", pa.table({"ts": pa.array(stamps, pa.timestamp("us"))}))
    t = backend.table("stamps")
    got = backend.run(t.select(t.ts, day=t.ts.date(), hour=t.ts.hour()).order_by("ts"))
    assert got.schema.field("ts").type == pa.timestamp("us")  # naive, not zoned
    assert got.to_pylist() == [
        {"ts": stamps[0], "day": dt.date(2024, 3, 1), "hour": 23},
        {"ts": stamps[1], "day": dt.date(2024, 3, 31), "hour": 1},
    ]


def test_money_sums_are_exact_past_64_bits(backend):
    cents = [4_000_000_000_000_000_000] * 5 + [1]  # 2 * 10**19 + 1 > 2**63
    prices = [Decimal("0.10"), Decimal("0.20"), Decimal("1234567890123.45")]
    backend.register("money_int", pa.table({"c": pa.array(cents, pa.int64())}))
    backend.register("money_dec", pa.table({"p": pa.array(prices, pa.decimal128(18, 2))}))
    ints, decs = backend.table("money_int"), backend.table("money_dec")
    total = backend.run(ints.aggregate(s=warehouse.exact_sum(ints.c))).column("s")[0].as_py()
    assert total == sum(cents)
    total = backend.run(decs.aggregate(s=warehouse.exact_sum(decs.p))).column("s")[0].as_py()
    assert total == sum(prices) == Decimal("1234567890123.75")


@pytest.mark.notyet(
    ["spark"],
    raises=warehouse.WarehouseError,
    reason="Spark sums BIGINT into BIGINT: in ANSI mode the overflow is an error, not a result",
)
def test_a_plain_integer_sum_past_64_bits(backend):
    backend.register("money_plain", pa.table({"c": pa.array([2**62] * 4, pa.int64())}))
    t = backend.table("money_plain")
    assert backend.run(t.aggregate(s=t.c.sum())).column("s")[0].as_py() == 2**64


def test_floats_are_refused_for_money():
    t = warehouse.connect(":memory:")
    t.register("f", pa.table({"x": [1.5]}))
    with pytest.raises(warehouse.WarehouseError, match="store money as cents"):
        warehouse.exact_sum(t.table("f").x)


_HASHES = re.compile(r"hash|md5|sha[12]?|crc32|fingerprint|murmur|xxh", re.IGNORECASE)


def test_no_hashing_in_generated_sql(backend):
    """Assignment stays in dayone.assignment: engines hash differently, so SQL never does."""
    from .test_experiments import experiment_tables

    exposures, events = experiment_tables()
    backend.register("exposures", exposures)
    backend.register("events", events)
    sql = ex.build_query(backend, _spec()).sql
    functions = {
        type(node).__name__ if not isinstance(node, sqlglot.exp.Anonymous) else node.name
        for node in sqlglot.parse_one(sql, read=backend.dialect).find_all(sqlglot.exp.Func)
    }
    assert functions and not [f for f in functions if _HASHES.search(f)]


def test_distinct_counts_are_exact(backend):
    """30,000 distinct ids among 90,000 rows: exact (no approximate sketch), per week."""
    ids = [f"id{i % 30_000}" for i in range(90_000)]
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i % 14) for i in range(90_000)]
    backend.register("visits", pa.table({"date": pa.array(days, pa.date32()), "id": ids}))
    t = backend.table("visits")
    week = t.date.epoch_days() // 7
    expr = t.group_by(week=week).aggregate(n=t.id.nunique()).order_by("week")
    assert "approx" not in backend.compile(expr).lower()
    got = [r["n"] for r in backend.run(expr).to_pylist()]
    by_week: dict[int, set[str]] = {}
    for day, i in zip(days, ids, strict=True):
        by_week.setdefault((day - dt.date(1970, 1, 1)).days // 7, set()).add(i)
    assert got == [len(by_week[k]) for k in sorted(by_week)]
    daily = t.group_by("date").aggregate(n=t.id.nunique())
    summed = backend.run(daily.aggregate(s=daily.n.sum())).column("s")[0].as_py()
    assert summed > sum(got)  # why distinct counts are never summed across days


@pytest.mark.notyet(["spark"], raises=warehouse.WarehouseError, reason="no kurtosis in Spark SQL")
def test_kurtosis(backend):
    backend.register("k", pa.table({"x": [1.0, 2.0, 4.0, 8.0, 16.0]}))
    t = backend.table("k")
    assert backend.run(t.aggregate(k=t.x.kurtosis())).column("k")[0].as_py() > 0


@pytest.mark.spark
def test_a_construct_the_engine_lacks_is_named_with_the_engine(spark_warehouse):
    spark_warehouse.register("k", pa.table({"x": [1.0, 2.0]}))
    t = spark_warehouse.table("k")
    with pytest.raises(warehouse.WarehouseError) as caught:
        spark_warehouse.run(t.aggregate(k=t.x.kurtosis()))
    text = str(caught.value)
    assert "pyspark" in text and "Kurtosis" in text and "\n" not in text
