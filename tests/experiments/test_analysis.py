"""Warehouse-native analysis against sufficient statistics computed by hand from raw rows."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest

from dayone import experiments as ex
from dayone import stats, warehouse

T0 = datetime(2024, 3, 1, tzinfo=UTC).replace(tzinfo=None)  # naive UTC, as stored
PRE = timedelta(days=5)
END = datetime(2024, 3, 20, tzinfo=UTC).replace(tzinfo=None)


def _create(con: warehouse.Warehouse, name: str, columns: list[str], rows: list[tuple]) -> None:
    data = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
    con.register(f"{name}_src", data)
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_src")


@pytest.fixture
def wh() -> warehouse.Warehouse:
    rng = np.random.default_rng(11)
    con = warehouse.connect()
    exposures = []
    for i in range(600):
        variant = int(rng.integers(0, 3))
        when = T0 + timedelta(hours=int(rng.integers(0, 200)))
        platform = ["ios", "web", None][i % 3]
        exposures.append((f"u{i}", variant, when, platform, "exp-a"))
        if i % 50 == 0:  # a later, repeated exposure to the same variant
            exposures.append((f"u{i}", variant, when + timedelta(hours=3), platform, "exp-a"))
    exposures.append(("mixed-1", 0, T0, "web", "exp-a"))
    exposures.append(("mixed-1", 1, T0 + timedelta(hours=1), "web", "exp-a"))
    exposures.append(("stranger", 7, T0, "web", "exp-a"))
    exposures.append(("other-exp", 0, T0, "web", "exp-b"))
    _create(
        con, "exposures", ["unit_id", "variant", "exposed_at", "platform", "experiment"], exposures
    )
    events = []
    for _ in range(6000):
        unit = f"u{int(rng.integers(0, 650))}"
        when = T0 - timedelta(days=8) + timedelta(minutes=int(rng.integers(0, 60 * 24 * 32)))
        kind = ["view", "purchase", "click"][int(rng.integers(0, 3))]
        events.append((unit, when, kind, int(rng.integers(0, 2**40)), float(rng.gamma(2, 10))))
    events.append(("mixed-1", T0 + timedelta(days=1), "purchase", 5, 10.0))
    _create(con, "events", ["unit_id", "ts", "event", "big", "amount"], events)
    return con


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


def _by_hand(wh: warehouse.Warehouse) -> dict[str, dict]:
    """Per (dimension value, variant): units and per-unit values, computed in plain Python."""
    first: dict[str, list] = {}
    variants_seen: dict[str, set] = defaultdict(set)
    rows = wh.query("SELECT unit_id, variant, exposed_at, platform, experiment FROM exposures")
    for unit, variant, when, platform, exp in [tuple(r.values()) for r in rows.to_pylist()]:
        if exp != "exp-a" or when >= END:
            continue
        variants_seen[unit].add(variant)
        if unit not in first or when < first[unit][1]:
            first[unit] = [variant, when, platform]
    events = [
        tuple(r.values())
        for r in wh.query("SELECT unit_id, ts, event, big, amount FROM events").to_pylist()
    ]
    by_unit: dict[str, list[tuple]] = defaultdict(list)
    for e in events:
        by_unit[e[0]].append(e)
    per_unit: dict[str, dict[str, float]] = {}
    for unit, (_, t, _) in first.items():
        if len(variants_seen[unit]) > 1:
            continue
        post = [e for e in by_unit[unit] if t <= e[1] < END]
        pre = [e for e in by_unit[unit] if t - PRE <= e[1] < t]
        per_unit[unit] = {
            "purchased": float(any(e[2] == "purchase" for e in post)),
            "revenue": sum(e[4] for e in post if e[2] == "purchase"),
            "revenue_pre": sum(e[4] for e in pre if e[2] == "purchase"),
            "big": float(sum(e[3] for e in post)),
            "views": float(sum(e[2] == "view" for e in post)),
            "views_pre": float(sum(e[2] == "view" for e in pre)),
            "clicks": float(sum(e[2] == "click" for e in post)),
        }
    return {
        "first": first,
        "per_unit": per_unit,
        "mixed": [u for u in first if len(variants_seen[u]) > 1],
    }


def _sums(values: list[float]) -> tuple[float, float]:
    return math.fsum(values), math.fsum(v * v for v in values)


def test_sufficient_statistics_match_hand_computation(wh: warehouse.Warehouse) -> None:
    table = ex.sufficient_statistics(wh, _spec())
    ref = _by_hand(wh)
    assert table.multiple_exposures == len(ref["mixed"]) == 1
    assert table.unknown_variant_units == 1
    assert table.dimension_values[0] == ex.ALL
    assert set(table.dimension_values[1:]) == {"ios", "web", "(none)"}
    for d, dim_value in enumerate(table.dimension_values):
        for v in range(3):
            units = [
                u
                for u, (variant, _, platform) in ref["first"].items()
                if u in ref["per_unit"]
                and variant == v
                and dim_value in (ex.ALL, platform or "(none)")
            ]
            vals = {k: [ref["per_unit"][u][k] for u in units] for k in ref["per_unit"][units[0]]}
            assert table.units[d, v] == len(units)
            s = table.sums
            for key in ("purchased", "revenue", "big", "views"):
                total, squares = _sums(vals[key])
                assert math.isclose(s[key]["sum"][d, v], total, rel_tol=1e-12)
                assert math.isclose(s[key]["sum_squares"][d, v], squares, rel_tol=1e-12)
            rp = math.fsum(a * b for a, b in zip(vals["revenue"], vals["revenue_pre"], strict=True))
            assert math.isclose(
                s["revenue"]["covariate_sum"][d, v], math.fsum(vals["revenue_pre"]), rel_tol=1e-12
            )
            assert math.isclose(s["revenue"]["sum_products"][d, v], rp, rel_tol=1e-12)
            vp = math.fsum(a * b for a, b in zip(vals["views"], vals["views_pre"], strict=True))
            assert s["views"]["sum_products"][d, v] == vp
            cv = math.fsum(a * b for a, b in zip(vals["clicks"], vals["views"], strict=True))
            assert s["clicks_per_view"]["sum"][d, v] == math.fsum(vals["clicks"])
            assert s["clicks_per_view"]["denominator_sum"][d, v] == math.fsum(vals["views"])
            assert s["clicks_per_view"]["sum_products"][d, v] == cv
    # BIGINT sums come back as exact doubles (no 128-bit integers leaking out)
    assert table.sums["big"]["sum"].dtype == np.float64


def test_filter_values_are_escaped_literals_not_sql(wh):
    evil = "purchase' OR 1=1; DROP TABLE events; --"
    wh.execute("INSERT INTO events VALUES ('u1', TIMESTAMP '2024-03-10', ?, 1, 4.0)", [evil])
    spec = _spec(metrics=(ex.Metric.count("odd", where={"event": evil}),), pre_period=None)
    table = ex.sufficient_statistics(wh, spec)
    exposed_u1 = wh.query(
        "SELECT MIN(exposed_at) AS t, MIN(variant) AS v FROM exposures WHERE unit_id = 'u1'"
    ).to_pylist()[0]
    expected = (
        1.0 if exposed_u1["t"] <= datetime(2024, 3, 10, tzinfo=UTC).replace(tzinfo=None) else 0.0
    )
    assert table.sums["odd"]["sum"][0].sum() == expected
    assert "events" in wh.tables()


def test_results_are_dayone_stats_on_those_statistics(wh: warehouse.Warehouse) -> None:
    spec = _spec()
    table = ex.sufficient_statistics(wh, spec)
    results = ex.analyze_statistics(table, spec, engine="frequentist", relative=False)
    s = table.sums["revenue"]
    cuped = stats.CupedStats(
        post=stats.MeanStats(n=table.units[0], sum=s["sum"][0], sum_squares=s["sum_squares"][0]),
        pre=stats.MeanStats(
            n=table.units[0], sum=s["covariate_sum"][0], sum_squares=s["covariate_sum_squares"][0]
        ),
        sum_products=s["sum_products"][0],
    )
    direct = stats.ttest(cuped, relative=False)
    got = results.metric("revenue")
    assert [v.effect for v in got.variants[1:]] == direct.effect.tolist()
    assert [v.p_value for v in got.variants[1:]] == direct.p_value.tolist()
    assert got.cuped_theta == tuple(direct.comparison.theta.tolist())
    assert results.units == tuple(int(u) for u in table.units[0])
    assert results.multiple_exposures == 1
    web = results.metric("purchased", "web")
    assert web.variants[0].units == int(table.units[table.dimension_values.index("web"), 0])


@pytest.mark.parametrize("engine", ["frequentist", "sequential", "bayesian"])
def test_engines_and_corrections(wh: warehouse.Warehouse, engine: str) -> None:
    results = ex.analyze(wh, _spec(), engine=engine, correction="holm", guardrails={"views": 0.05})  # type: ignore[arg-type]
    for metric in results.metrics:
        for v in metric.variants[1:]:
            assert v.effect is not None and math.isfinite(v.effect)
            if engine == "bayesian":
                assert v.chance_to_win is not None and v.p_value is None
            else:
                assert v.adjusted_p_value is not None and v.p_value is not None
                assert v.adjusted_p_value >= v.p_value
    assert results.metric("views").variants[1].guardrail in ("safe", "at_risk", "breached")


def test_sample_ratio_mismatch_warns_loudly(wh: warehouse.Warehouse) -> None:
    spec = _spec(weights=(0.8, 0.1, 0.1))
    with pytest.warns(stats.SampleRatioMismatchWarning):
        results = ex.analyze(wh, spec)
    assert results.srm.mismatch


def test_a_variant_without_units_is_not_enough_data(wh: warehouse.Warehouse) -> None:
    with pytest.warns(stats.SampleRatioMismatchWarning):
        results = ex.analyze(wh, _spec(variants=(0, 1, 2, 3)), engine="frequentist")
    no_one = results.metric("revenue").variants[3]
    assert no_one.units == 0
    assert no_one.status == "no_units"
    assert no_one.p_value == 1.0


def test_dimension_values_beyond_the_limit_are_merged(wh: warehouse.Warehouse) -> None:
    table = ex.sufficient_statistics(wh, _spec(), max_dimension_values=2)
    assert table.dimension_values[-1] == ex.OTHER
    assert len(table.dimension_values) == 3
    np.testing.assert_allclose(table.units[1:].sum(axis=0), table.units[0])


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: ex.ExposureSource('exposures"; DROP TABLE x; --'), "ExposureSource.table"),
        (lambda: ex.EventSource("events", unit="unit id"), "EventSource.unit"),
        (lambda: ex.Metric.mean("m", column="a-b"), "Measure.column"),
        (lambda: ex.Measure("sum"), "column is required"),
        (lambda: ex.Measure("count", where={"event": []}), "at least one value"),
        (lambda: ex.Measure("count", where={"event": [object()]}), "strings, numbers"),
        (lambda: ex.Metric("m", "ratio", ex.Measure()), "denominator"),
        (lambda: ex.Metric("m", "median", ex.Measure()), "kind"),  # type: ignore[arg-type]
        (lambda: _spec(metrics=(ex.Metric.count("a"), ex.Metric.count("a"))), "duplicate"),
        (lambda: _spec(variants=(0,)), "at least 2"),
        (lambda: _spec(variants=(0, "b")), "all integers or all strings"),
        (lambda: _spec(weights=(0.5, 0.5, 0.5)), "sum to 1"),
        (lambda: _spec(end=END), "timezone-aware"),
        (lambda: _spec(pre_period=timedelta(0)), "pre_period"),
        (lambda: _spec(dimension="a b"), "dimension"),
    ],
)
def test_bad_specs(make: object, match: str) -> None:
    with pytest.raises(ex.InvalidSpecError, match=match):
        make()  # type: ignore[operator]


def test_missing_table_is_a_clear_error(wh: warehouse.Warehouse) -> None:
    with pytest.raises(ex.AnalysisQueryError, match="nowhere"):
        ex.analyze(wh, _spec(events=ex.EventSource("nowhere")))


def test_unknown_guardrail_metric(wh: warehouse.Warehouse) -> None:
    with pytest.raises(ex.InvalidSpecError, match="unknown metrics"):
        ex.analyze(wh, _spec(), guardrails={"nope": 0.0})
