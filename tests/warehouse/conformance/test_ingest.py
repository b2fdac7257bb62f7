"""CSV and Parquet files become date-partitioned tables, the same on every backend, and a failed
job leaves the earlier table as it was."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dayone import warehouse

CSV = (
    "ts,user_id,amount_cents,country\n"
    "2024-03-01 00:00:00,u1,1250,US\n"
    "2024-03-01 23:59:59,u2,99,UK\n"
    "2024-03-02 00:00:00,u1,5000,US\n"
    "2024-03-03 12:30:00,u3,1,DE\n"
)


def _read(backend, name, folder) -> list[dict]:
    backend.register_file(name, folder)
    t = backend.table(name)
    expr = t.select("date", "ts", "user_id", "amount_cents").order_by(["ts", "user_id"])
    return backend.run(expr).to_pylist()


def test_a_csv_becomes_one_folder_per_utc_day(backend, tmp_path):
    source = tmp_path / "events.csv"
    source.write_text(CSV)
    table = tmp_path / "store" / "events"
    assert warehouse.ingest(backend, source, table, date_column="ts") == 4
    days = sorted(p.name for p in table.iterdir() if p.is_dir())
    assert days == ["date=2024-03-01", "date=2024-03-02", "date=2024-03-03"]
    rows = _read(backend, "ingested_csv", table)
    assert [r["date"] for r in rows] == [
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 2),
        dt.date(2024, 3, 3),
    ]
    # timestamps stay the UTC wall time they were written as
    assert rows[1]["ts"] == dt.datetime(2024, 3, 1, 23, 59, 59)  # noqa: DTZ001 - naive UTC
    assert [r["amount_cents"] for r in rows] == [1250, 99, 5000, 1]


def test_a_parquet_file_with_a_date_column(backend, tmp_path):
    source = tmp_path / "daily.parquet"
    pq.write_table(
        pa.table(
            {
                "date": pa.array([dt.date(2024, 1, d) for d in (1, 1, 2)], pa.date32()),
                "orders": pa.array([3, 4, 5], pa.int64()),
            }
        ),
        source,
    )
    table = tmp_path / "store" / "daily"
    assert warehouse.ingest(backend, source, table) == 3
    backend.register_file("ingested_parquet", table)
    t = backend.table("ingested_parquet")
    got = backend.run(t.group_by("date").aggregate(n=t.orders.sum()).order_by("date"))
    assert got.to_pylist() == [
        {"date": dt.date(2024, 1, 1), "n": 7},
        {"date": dt.date(2024, 1, 2), "n": 5},
    ]


def test_a_failed_job_leaves_the_earlier_table_and_no_partial_files(backend, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(CSV)
    table = tmp_path / "store" / "events"
    warehouse.ingest(backend, good, table, date_column="ts")
    before = sorted(str(p.relative_to(table)) for p in table.rglob("*.parquet"))
    bad = tmp_path / "bad.csv"
    bad.write_text("day,amount_cents\n2024-03-01,1\n2024-02-31,2\n")
    with pytest.raises(warehouse.WarehouseError, match=r"cannot ingest .*bad\.csv"):
        warehouse.ingest(backend, bad, table, date_column="day")
    assert sorted(str(p.relative_to(table)) for p in table.rglob("*.parquet")) == before
    assert [p.name for p in table.parent.iterdir()] == ["events"]
    assert len(_read(backend, "still_there", table)) == 4


def test_a_missing_date_column_is_named(backend, tmp_path):
    source = tmp_path / "events.csv"
    source.write_text(CSV)
    with pytest.raises(warehouse.WarehouseError, match=r"no column 'when' to partition by date"):
        warehouse.ingest(backend, source, tmp_path / "store" / "events", date_column="when")
    assert list((tmp_path / "store").iterdir()) == []


def test_a_query_for_some_dates_reads_only_their_partitions(backend, tmp_path):
    source = tmp_path / "events.csv"
    source.write_text(CSV)
    table = tmp_path / "store" / "events"
    warehouse.ingest(backend, source, table, date_column="ts")
    backend.register_file("pruned", table)
    # Every file outside 2024-03-01 becomes unreadable: a query that opened one would fail.
    for day in ("2024-03-02", "2024-03-03"):
        for part in (table / f"date={day}").glob("*.parquet"):
            part.write_bytes(b"not parquet")
    t = backend.table("pruned")
    one_day = t.filter(t.date == dt.date(2024, 3, 1))
    got = backend.run(one_day.aggregate(n=one_day.count(), cents=one_day.amount_cents.sum()))
    assert got.to_pylist() == [{"n": 2, "cents": 1349}]
    with pytest.raises(warehouse.WarehouseError):
        backend.run(t.aggregate(cents=t.amount_cents.sum()))
