"""Exposure logging: idempotent by event id, validated whole, safe under concurrent writers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest

from dayone import experiments as ex
from dayone import warehouse

T = datetime(2024, 5, 1, 12, tzinfo=UTC)


def _batch(start: int, count: int, experiment: str = "exp") -> list[dict]:
    return [
        {
            "event_id": f"e{i}",
            "experiment": experiment,
            "unit_id": f"u{i}",
            "variant": i % 2,
            "exposed_at": T + timedelta(seconds=i),
        }
        for i in range(start, start + count)
    ]


def _count(wh: warehouse.Warehouse) -> int:
    return int(wh.query("SELECT COUNT(*) AS n FROM exposures").column("n")[0].as_py())


def test_retried_batch_is_not_counted_twice() -> None:
    wh = warehouse.connect()
    first = ex.log_exposures(wh, _batch(0, 100))
    assert first == ex.LogResult(received=100, inserted=100, duplicates=0)
    again = ex.log_exposures(wh, _batch(0, 100))
    assert again == ex.LogResult(received=100, inserted=0, duplicates=100)
    overlap = ex.log_exposures(wh, _batch(50, 100))
    assert overlap.inserted == 50
    assert _count(wh) == 150


def test_times_are_stored_as_naive_utc() -> None:
    wh = warehouse.connect()
    paris = timezone(timedelta(hours=2))
    event = ex.Exposure("e1", "exp", "u1", 1, datetime(2024, 5, 1, 14, tzinfo=paris))
    ex.log_exposures(wh, [event, {**_batch(2, 1)[0], "exposed_at": "2024-05-01T12:00:00+00:00"}])
    stored = wh.query("SELECT exposed_at FROM exposures ORDER BY event_id").column(0).to_pylist()
    noon = datetime(2024, 5, 1, 12, tzinfo=UTC).replace(tzinfo=None)
    assert stored == [noon, noon]


def test_duplicate_ids_within_a_batch() -> None:
    wh = warehouse.connect()
    batch = _batch(0, 3)
    assert ex.log_exposures(wh, [*batch, batch[0]]).inserted == 3
    conflicting = {**batch[1], "event_id": "new", "variant": 0}
    with pytest.raises(ex.ExposureBatchError, match="appears twice"):
        ex.log_exposures(wh, [conflicting, {**conflicting, "variant": 1}])
    assert _count(wh) == 3


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"variant": True}, "variant"),
        ({"variant": -1}, "variant"),
        ({"variant": "1"}, "variant"),
        ({"exposed_at": datetime(2024, 5, 1)}, "time zone"),  # noqa: DTZ001 - deliberately naive
        ({"exposed_at": "yesterday"}, "ISO 8601"),
        ({"unit_id": ""}, "unit_id"),
        ({"unit_id": 42}, "unit_id"),
        ({"event_id": "x" * 300}, "longer than"),
        ({"experiment": "unknown"}, "unknown experiment"),
        ({"extra": 1}, "unknown field"),
    ],
)
def test_malformed_batches_write_nothing(change: dict, match: str) -> None:
    wh = warehouse.connect()
    batch = _batch(0, 5)
    batch[3] = {**batch[3], **change}
    with pytest.raises(ex.ExposureBatchError, match=match):
        ex.log_exposures(wh, batch, known_experiments={"exp"})
    assert "exposures" not in wh.tables() or _count(wh) == 0


def test_missing_fields_oversized_and_wrong_container() -> None:
    wh = warehouse.connect()
    event = _batch(0, 1)[0]
    del event["variant"]
    with pytest.raises(ex.ExposureBatchError, match="missing field"):
        ex.log_exposures(wh, [event])
    with pytest.raises(ex.ExposureBatchError, match="at most 10"):
        ex.log_exposures(wh, _batch(0, 11), max_batch=10)
    with pytest.raises(ex.ExposureBatchError, match="list"):
        ex.log_exposures(wh, "events")  # type: ignore[arg-type]
    with pytest.raises(ex.ExposureBatchError, match="table"):
        ex.log_exposures(wh, _batch(0, 1), table="bad name")
    assert ex.log_exposures(wh, []).received == 0


def test_concurrent_writers_lose_nothing() -> None:
    wh = warehouse.connect()
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            for j in range(5):
                # overlapping ranges: every writer retries some of its neighbours' events
                ex.log_exposures(wh, _batch(k * 100 + j * 30, 60))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    expected = {f"e{k * 100 + j * 30 + i}" for k in range(6) for j in range(5) for i in range(60)}
    stored = set(wh.query("SELECT event_id FROM exposures").column(0).to_pylist())
    assert stored == expected


def test_logged_exposures_feed_the_analysis() -> None:
    wh = warehouse.connect()
    ex.log_exposures(wh, _batch(0, 200))
    wh.execute("CREATE TABLE events (unit_id VARCHAR, ts TIMESTAMP, amount DOUBLE)")
    wh.execute(
        "INSERT INTO events SELECT 'u' || i, TIMESTAMP '2024-05-02', i % 7 FROM range(200) t(i)"
    )
    spec = ex.AnalysisSpec(
        exposures=ex.ExposureSource("exposures", experiment="exp"),
        events=ex.EventSource("events"),
        metrics=(ex.Metric.mean("amount", column="amount"),),
    )
    results = ex.analyze(wh, spec)
    assert results.units == (100, 100)


def test_excluded_events_go_to_their_own_table_in_the_same_batch() -> None:
    wh = warehouse.connect()
    batch = _batch(0, 10)
    result = ex.log_exposures(wh, batch, excluded={1, 4}, excluded_table="left_out")
    assert (result.received, result.inserted, result.duplicates, result.excluded) == (10, 8, 0, 2)
    assert _count(wh) == 8
    apart = wh.query("SELECT event_id FROM left_out ORDER BY event_id").column("event_id")
    assert apart.to_pylist() == ["e1", "e4"]
    again = ex.log_exposures(wh, batch, excluded={1, 4}, excluded_table="left_out")
    assert (again.inserted, again.duplicates, again.excluded) == (0, 8, 2)
    only_apart = ex.log_exposures(wh, _batch(20, 1), excluded={0}, excluded_table="left_out")
    assert (only_apart.inserted, only_apart.excluded) == (0, 1)
    with pytest.raises(ex.ExposureBatchError, match="excluded_table"):
        ex.log_exposures(wh, batch, excluded={0})
    with pytest.raises(ex.ExposureBatchError, match="excluded_table"):
        ex.log_exposures(wh, batch, excluded={0}, excluded_table="bad name")
    assert _count(wh) == 8
