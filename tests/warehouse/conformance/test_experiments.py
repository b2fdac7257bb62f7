"""The experiment analysis gives the same sufficient statistics on every backend."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC

from dayone import experiments as ex

from ._data import END, PRE, assert_close, experiment_tables


def _spec(**overrides: object) -> ex.AnalysisSpec:
    base: dict[str, object] = {
        "exposures": ex.ExposureSource("exposures", experiment="exp-a"),
        "events": ex.EventSource("events"),
        "metrics": (
            ex.Metric.binomial("purchased", where={"event": "purchase"}),
            ex.Metric.mean("revenue", column="amount", where={"event": "purchase"}, cuped=True),
            ex.Metric.mean("big", column="big"),
            ex.Metric.count("views", where={"event": ["view"]}, cuped=True),
            ex.Metric.ratio(
                "clicks_per_view",
                numerator=ex.Measure("count", where={"event": "click"}),
                denominator=ex.Measure("count", where={"event": "view"}),
            ),
        ),
        "variants": (0, 1, 2),
        "end": END.replace(tzinfo=UTC),
        "pre_period": PRE,
        "dimension": "platform",
    }
    base.update(overrides)
    return ex.AnalysisSpec(**base)  # type: ignore[arg-type]


def _by_hand(exposures, events) -> tuple[dict, dict, int]:
    """First exposure per unit and per-unit values, in plain Python."""
    first: dict[str, tuple] = {}
    seen: dict[str, set] = defaultdict(set)
    for r in exposures.to_pylist():
        if r["experiment"] != "exp-a" or r["exposed_at"] >= END:
            continue
        seen[r["unit_id"]].add(r["variant"])
        if r["unit_id"] not in first or r["exposed_at"] < first[r["unit_id"]][1]:
            first[r["unit_id"]] = (r["variant"], r["exposed_at"], r["platform"])
    by_unit: dict[str, list[dict]] = defaultdict(list)
    for e in events.to_pylist():
        by_unit[e["unit_id"]].append(e)
    values: dict[str, dict[str, float]] = {}
    for unit, (_, t, _) in first.items():
        if len(seen[unit]) > 1:
            continue
        post = [e for e in by_unit[unit] if t <= e["ts"] < END]
        pre = [e for e in by_unit[unit] if t - PRE <= e["ts"] < t]
        values[unit] = {
            "purchased": float(any(e["event"] == "purchase" for e in post)),
            "revenue": math.fsum(e["amount"] for e in post if e["event"] == "purchase"),
            "revenue_pre": math.fsum(e["amount"] for e in pre if e["event"] == "purchase"),
            "big": float(sum(e["big"] for e in post)),
            "views": float(sum(e["event"] == "view" for e in post)),
            "views_pre": float(sum(e["event"] == "view" for e in pre)),
            "clicks": float(sum(e["event"] == "click" for e in post)),
        }
    mixed = sum(len(v) > 1 for v in seen.values())
    return first, values, mixed


def _fsum(values) -> float:
    return math.fsum(values)


def test_sufficient_statistics_per_variant_metric_and_dimension(backend):
    exposures, events = experiment_tables()
    backend.register("exposures", exposures)
    backend.register("events", events)
    table = ex.sufficient_statistics(backend, _spec())
    first, values, mixed = _by_hand(exposures, events)

    assert table.multiple_exposures == mixed == 1
    assert table.unknown_variant_units == 1
    assert table.dimension_values[0] == ex.ALL
    assert set(table.dimension_values[1:]) == {"ios", "web", "(none)"}
    s = table.sums
    for d, dim in enumerate(table.dimension_values):
        for v in range(3):
            units = [
                u
                for u, (variant, _, platform) in first.items()
                if u in values and variant == v and dim in (ex.ALL, platform or "(none)")
            ]
            col = {k: [values[u][k] for u in units] for k in values[units[0]]}
            where = f"{dim}/{v}"
            assert_close(int(table.units[d, v]), len(units), where)
            for key in ("purchased", "revenue", "big", "views"):
                assert_close(s[key]["sum"][d, v], _fsum(col[key]), f"{where} {key}")
                squares = _fsum(x * x for x in col[key])
                assert_close(s[key]["sum_squares"][d, v], squares, f"{where} {key}^2")
            pre, post = col["revenue_pre"], col["revenue"]
            assert_close(s["revenue"]["covariate_sum"][d, v], _fsum(pre), where)
            assert_close(s["revenue"]["covariate_sum_squares"][d, v], _fsum(x * x for x in pre))
            products = _fsum(a * b for a, b in zip(post, pre, strict=True))
            assert_close(s["revenue"]["sum_products"][d, v], products, where)
            vp = _fsum(a * b for a, b in zip(col["views"], col["views_pre"], strict=True))
            assert_close(s["views"]["sum_products"][d, v], vp, where)
            ratio = s["clicks_per_view"]
            assert_close(ratio["sum"][d, v], _fsum(col["clicks"]), where)
            assert_close(ratio["denominator_sum"][d, v], _fsum(col["views"]), where)
            cv = _fsum(a * b for a, b in zip(col["clicks"], col["views"], strict=True))
            assert_close(ratio["sum_products"][d, v], cv, where)


def test_results_agree_with_duckdb_to_1e_9(backend, request):
    """The whole analysis, statistics included, matches the DuckDB run of the same data."""
    from dayone import warehouse

    exposures, events = experiment_tables(seed=5)
    spec = _spec(dimension=None)
    with warehouse.connect(":memory:") as reference:
        reference.register("exposures", exposures)
        reference.register("events", events)
        expected = ex.analyze(reference, spec, correction="holm")
    backend.register("exposures", exposures)
    backend.register("events", events)
    got = ex.analyze(backend, spec, correction="holm")
    assert got.units == expected.units
    assert got.multiple_exposures == expected.multiple_exposures
    for mine, theirs in zip(got.metrics, expected.metrics, strict=True):
        for a, b in zip(mine.variants, theirs.variants, strict=True):
            assert a.units == b.units
            assert_close(a.mean, b.mean, mine.metric)
            for field in ("effect", "ci_low", "ci_high", "p_value", "adjusted_p_value"):
                if getattr(b, field) is not None:
                    assert_close(getattr(a, field), getattr(b, field), f"{mine.metric} {field}")


def test_first_exposure_window_starts_at_the_first_exposure(backend):
    """An event one microsecond before the first exposure is pre-period, not a conversion."""
    import pyarrow as pa

    from ._data import T0

    one = pa.table(
        {
            "unit_id": ["a", "a", "b"],
            "variant": [0, 0, 1],
            "exposed_at": [T0, T0 + PRE, T0],
            "platform": ["web"] * 3,
            "experiment": ["exp-a"] * 3,
        }
    ).cast(experiment_tables()[0].schema)
    from datetime import timedelta

    us = timedelta(microseconds=1)
    ev = pa.table(
        {
            "unit_id": ["a", "a", "b", "b"],
            "ts": [T0 - us, T0, T0 - PRE - us, T0 - PRE],
            "event": ["purchase", "view", "purchase", "purchase"],
            "big": [1, 1, 1, 1],
            "amount": [3.0, 4.0, 5.0, 6.0],
        }
    ).cast(experiment_tables()[1].schema)
    backend.register("exposures", one)
    backend.register("events", ev)
    table = ex.sufficient_statistics(backend, _spec(dimension=None))
    s = table.sums
    assert table.units[0].tolist() == [1.0, 1.0, 0.0]
    assert s["purchased"]["sum"][0].tolist() == [0.0, 0.0, 0.0]
    assert s["views"]["sum"][0].tolist() == [1.0, 0.0, 0.0]
    # pre-period: [first - 5 days, first): a's purchase counts, b's earlier one does not
    assert s["revenue"]["covariate_sum"][0].tolist() == [3.0, 6.0, 0.0]


def test_date_partitioned_events_are_read_only_within_the_window(backend, tmp_path):
    """With EventSource.date, dates outside start - pre-period .. end are never opened."""
    import pyarrow.parquet as pq
    import pytest

    from dayone import warehouse

    from ._data import T0

    exposures, events = experiment_tables(seed=3)
    source = tmp_path / "events.parquet"
    pq.write_table(events, source)
    table = tmp_path / "store" / "events"
    warehouse.ingest(backend, source, table, date_column="ts")
    first_day, last_day = (T0 - PRE).date(), END.date()
    days = sorted(table.glob("date=*"))
    inside = (first_day.isoformat(), last_day.isoformat())
    outside = [d for d in days if not inside[0] <= d.name.removeprefix("date=") <= inside[1]]
    # The first folder stays readable: engines read the table's schema from it.
    outside = [d for d in outside if d != days[0]]
    assert len(outside) >= 5  # the data spans days on both sides of the window
    backend.register("exposures", exposures)
    backend.register("events", events)
    backend.register_file("events_by_day", table)
    for folder in outside:  # a query that opened one of these would fail
        for part in folder.glob("*.parquet"):
            part.write_bytes(b"not parquet")
    start = T0.replace(tzinfo=UTC)
    expected = ex.sufficient_statistics(backend, _spec(start=start))

    pruned = _spec(start=start, events=ex.EventSource("events_by_day", date="date"))
    got = ex.sufficient_statistics(backend, pruned)

    assert got.units.tolist() == expected.units.tolist()
    for key, sums in expected.sums.items():
        for name, values in sums.items():
            for d, row in enumerate(values):
                for v, value in enumerate(row):
                    assert_close(got.sums[key][name][d, v], value, f"{key} {name} {d}/{v}")
    with pytest.raises(ex.AnalysisQueryError):  # without the date, the engine opens every file
        ex.sufficient_statistics(
            backend, _spec(start=start, events=ex.EventSource("events_by_day"))
        )
