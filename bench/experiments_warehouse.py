"""Warehouse analysis speed: dayone.experiments against one hand-written DuckDB query.

Generates (with DuckDB itself, into a temporary directory) an experiment with ``--users``
exposed units and ``--events`` events over six weeks, then times ``analyze`` (its generated
query plus the statistics in Python) against a single hand-written SQL query doing the same
aggregation: first exposure per unit, per-unit measures after exposure (and over a 14-day
pre-period for CUPED), per-variant sums, squares and cross-products. Target: at most 1.2x.

    python bench/experiments_warehouse.py [--users 10000000] [--events 100000000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

from dayone import experiments as ex
from dayone import warehouse

HAND_WRITTEN = """
WITH exposed AS (
  SELECT unit_id, MIN(exposed_at) AS first_ts, MIN(variant) AS variant,
         MIN(variant) <> MAX(variant) AS mixed
  FROM exposures GROUP BY unit_id
),
per_unit AS (
  SELECT u.variant, u.mixed,
    CAST(COUNT(*) FILTER (WHERE e.ts >= u.first_ts AND e.event = 'purchase') > 0 AS DOUBLE) AS purchased,
    CAST(COALESCE(SUM(e.amount) FILTER (WHERE e.ts >= u.first_ts AND e.event = 'purchase'), 0) AS DOUBLE) AS revenue,
    CAST(COALESCE(SUM(e.amount) FILTER (WHERE e.ts < u.first_ts AND e.event = 'purchase'), 0) AS DOUBLE) AS revenue_pre,
    CAST(COUNT(*) FILTER (WHERE e.ts >= u.first_ts AND e.event = 'view') AS DOUBLE) AS views
  FROM exposed u
  LEFT JOIN events e ON e.unit_id = u.unit_id AND NOT u.mixed
    AND e.ts >= u.first_ts - INTERVAL 14 DAY
  GROUP BY u.unit_id, u.variant, u.mixed
)
SELECT variant, mixed, COUNT(*) AS n,
  SUM(purchased) AS purchased_s, SUM(purchased * purchased) AS purchased_ss,
  SUM(revenue) AS revenue_s, SUM(revenue * revenue) AS revenue_ss,
  SUM(revenue_pre) AS revenue_pre_s, SUM(revenue_pre * revenue_pre) AS revenue_pre_ss,
  SUM(revenue * revenue_pre) AS revenue_x_pre,
  SUM(views) AS views_s, SUM(views * views) AS views_ss,
  SUM(revenue * views) AS revenue_x_views
FROM per_unit GROUP BY variant, mixed
"""


def generate(wh: warehouse.Warehouse, users: int, events: int) -> None:
    """Exposures over two weeks, events over six weeks (two before the experiment)."""
    wh.execute(
        "CREATE TABLE exposures AS SELECT i AS unit_id, CAST(hash(i) % 2 AS INTEGER) AS variant, "
        "TIMESTAMP '2024-01-15' + to_seconds(CAST(hash(i + 1) % 1209600 AS BIGINT)) AS exposed_at "
        "FROM range(?) t(i)",
        [users],
    )
    wh.execute(
        "CREATE TABLE events AS SELECT CAST(hash(i) % ? AS BIGINT) AS unit_id, "
        "TIMESTAMP '2024-01-01' + to_seconds(CAST(hash(i + 2) % 3628800 AS BIGINT)) AS ts, "
        "CASE WHEN hash(i + 3) % 10 = 0 THEN 'purchase' ELSE 'view' END AS event, "
        "CAST(hash(i + 4) % 10000 AS DOUBLE) / 100 AS amount "
        "FROM range(?) t(i)",
        [users, events],
    )


SPEC = ex.AnalysisSpec(
    exposures=ex.ExposureSource("exposures", timestamp="exposed_at"),
    events=ex.EventSource("events"),
    metrics=(
        ex.Metric.binomial("purchased", where={"event": "purchase"}),
        ex.Metric.mean("revenue", column="amount", where={"event": "purchase"}, cuped=True),
        ex.Metric.count("views", where={"event": "view"}),
        ex.Metric.ratio(
            "revenue_per_view",
            numerator=ex.Measure("sum", "amount", {"event": "purchase"}),
            denominator=ex.Measure("count", where={"event": "view"}),
        ),
    ),
    pre_period=timedelta(days=14),
)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=10_000_000)
    parser.add_argument("--events", type=int, default=100_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dayone-bench-") as tmp:
        wh = warehouse.connect(Path(tmp) / "bench.duckdb")
        t = time.perf_counter()
        generate(wh, args.users, args.events)
        print(
            f"generated {args.users:,} exposed users and {args.events:,} events in {time.perf_counter() - t:.1f} s"
        )
        ours_best = hand_best = float("inf")
        results = hand = None
        wh.query(HAND_WRITTEN)  # warm the buffer pool for both
        for repeat in range(args.repeats):
            # alternate the order so neither side always runs on a warmer cache
            for side in ("ours", "hand") if repeat % 2 == 0 else ("hand", "ours"):
                t = time.perf_counter()
                if side == "ours":
                    results = ex.analyze(wh, SPEC)
                    ours_best = min(ours_best, time.perf_counter() - t)
                else:
                    hand = wh.query(HAND_WRITTEN).to_pylist()
                    hand_best = min(hand_best, time.perf_counter() - t)
        wh.close()
    assert results is not None and hand is not None
    by_variant = {str(r["variant"]): r for r in hand if not r["mixed"]}
    ours_n = np.array(results.units, dtype=float)
    hand_n = np.array([by_variant[str(v)]["n"] for v in SPEC.variants], dtype=float)
    ours_mean = np.array([v.mean for v in results.metric("revenue").variants])
    hand_mean = np.array(
        [by_variant[str(v)]["revenue_s"] / by_variant[str(v)]["n"] for v in SPEC.variants]
    )
    same = np.array_equal(ours_n, hand_n) and np.allclose(ours_mean, hand_mean, rtol=1e-9)
    ratio = ours_best / hand_best
    print(f"{'what':40} {'seconds':>10} {'ratio':>8}")
    print(f"{'dayone.experiments.analyze':40} {ours_best:10.2f} {ratio:8.2f}")
    print(f"{'hand-written DuckDB query':40} {hand_best:10.2f} {1.0:8.2f}")
    ok = ratio <= 1.2 and same
    if not same:
        print("MISSED: the two computations disagree")
    if ratio > 1.2:
        print(f"MISSED: {ratio:.2f}x > 1.2x")
    print("targets met" if ok else "targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
