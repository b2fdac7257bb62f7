"""A metric's mean and variance per unit over a pre-period, against numpy on the raw rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest

from dayone import experiments as ex
from dayone import warehouse

T = datetime(2024, 5, 1, tzinfo=UTC)


@pytest.fixture
def wh() -> warehouse.Warehouse:
    rng = np.random.default_rng(3)
    rows = []
    for u in range(400):
        for _ in range(rng.poisson(3)):
            ts = T + timedelta(hours=float(rng.uniform(-48, 24 * 16)))
            event = "purchase" if rng.random() < 0.2 else "page_view"
            rows.append((f"u{u}", ts.replace(tzinfo=None), event, float(rng.gamma(2, 10))))
    db = warehouse.connect()
    db.register(
        "events",
        pa.table(
            {
                "unit_id": [r[0] for r in rows],
                "ts": pa.array([r[1] for r in rows], pa.timestamp("us")),
                "event": [r[2] for r in rows],
                "amount": [r[3] for r in rows],
            }
        ),
    )
    db.rows = rows  # type: ignore[attr-defined]
    return db


def _per_unit(rows, start, end, value, denominator=None):
    start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    units: dict[str, list[float]] = {}
    for unit, ts, event, amount in rows:
        if start <= ts < end:
            x = units.setdefault(unit, [0.0, 0.0])
            x[0] += value(event, amount)
            if denominator is not None:
                x[1] += denominator(event, amount)
    return np.array(list(units.values()))


@pytest.mark.parametrize(
    ("metric", "value"),
    [
        (
            ex.Metric.mean("revenue", column="amount", where={"event": "purchase"}),
            lambda e, a: a if e == "purchase" else 0.0,
        ),
        (
            ex.Metric.count("views", where={"event": "page_view"}),
            lambda e, a: 1.0 if e == "page_view" else 0.0,
        ),
    ],
)
def test_mean_and_variance_match_numpy(wh, metric, value) -> None:
    end = T + timedelta(days=14)
    got = ex.pre_period_stats(wh, ex.EventSource("events"), metric, start=T, end=end)
    x = _per_unit(wh.rows, T, end, value)[:, 0]
    assert got.units == len(x)
    assert got.mean == pytest.approx(x.mean())
    assert got.variance == pytest.approx(x.var(ddof=1))
    assert got.std_dev == pytest.approx(x.std(ddof=1))
    assert got.days == 14
    assert got.units_per_week == pytest.approx(len(x) / 2)


def test_binomial_and_ratio(wh) -> None:
    end = T + timedelta(days=7)
    source = ex.EventSource("events")
    bought = ex.pre_period_stats(
        wh, source, ex.Metric.binomial("p", where={"event": "purchase"}), start=T, end=end
    )
    x = _per_unit(wh.rows, T, end, lambda e, a: float(e == "purchase"))[:, 0] > 0
    assert bought.mean == pytest.approx(x.mean())
    assert bought.variance == pytest.approx(x.var(ddof=1))
    ratio = ex.Metric.ratio(
        "aov",
        numerator=ex.Measure("sum", "amount", {"event": "purchase"}),
        denominator=ex.Measure("count", None, {"event": "purchase"}),
    )
    got = ex.pre_period_stats(wh, source, ratio, start=T, end=end)
    xy = _per_unit(
        wh.rows, T, end, lambda e, a: a * (e == "purchase"), lambda e, a: float(e == "purchase")
    )
    r = xy[:, 0].sum() / xy[:, 1].sum()
    cov = np.cov(xy[:, 0], xy[:, 1], ddof=1)
    my = xy[:, 1].mean()
    assert got.mean == pytest.approx(r)
    assert got.variance == pytest.approx(
        (cov[0, 0] - 2 * r * cov[0, 1] + r * r * cov[1, 1]) / my**2
    )


def test_empty_and_degenerate_windows(wh) -> None:
    source = ex.EventSource("events")
    metric = ex.Metric.count("views", where={"event": "page_view"})
    far = T + timedelta(days=400)
    empty = ex.pre_period_stats(wh, source, metric, start=far, end=far + timedelta(days=1))
    assert (empty.units, empty.variance, empty.std_dev) == (0, None, None)
    first = min(r[1] for r in wh.rows).replace(tzinfo=UTC)
    one = ex.pre_period_stats(
        wh, source, metric, start=first, end=first + timedelta(microseconds=1)
    )
    assert (one.units, one.variance) == (1, None)
    never = ex.Metric.ratio(
        "r",
        numerator=ex.Measure("count", None, {"event": "page_view"}),
        denominator=ex.Measure("count", None, {"event": "refund"}),
    )
    assert ex.pre_period_stats(wh, source, never, start=T, end=far).variance is None
    lone = ex.Metric.ratio(
        "r",
        numerator=ex.Measure("count", None, {"event": "page_view"}),
        denominator=ex.Measure("count", None),
    )
    assert (
        ex.pre_period_stats(
            wh, source, lone, start=first, end=first + timedelta(microseconds=1)
        ).variance
        is None
    )


def test_refusals(wh) -> None:
    source = ex.EventSource("events")
    metric = ex.Metric.count("views")
    with pytest.raises(ex.InvalidSpecError, match="start < end"):
        ex.pre_period_stats(wh, source, metric, start=T, end=T)
    with pytest.raises(ex.InvalidSpecError, match="Warehouse"):
        ex.pre_period_stats(object(), source, metric, start=T, end=T + timedelta(1))  # type: ignore[arg-type]
    with pytest.raises(ex.AnalysisQueryError):
        ex.pre_period_stats(wh, ex.EventSource("nope"), metric, start=T, end=T + timedelta(1))
    with pytest.raises(ex.AnalysisQueryError, match="column"):
        ex.pre_period_stats(
            wh, source, ex.Metric.mean("m", column="price"), start=T, end=T + timedelta(1)
        )
