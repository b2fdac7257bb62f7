"""Statistics speed: dayone.stats against gbstats 0.8.0 on the same sufficient statistics.

One experiment, 50 metrics (binomial, count, CUPED-adjusted count and ratio), 5 variants;
frequentist, sequential and Bayesian analyses plus the sample-ratio check. gbstats runs its
public entry point ``process_experiment_results`` in the anchors' virtualenv, in the same run.
Target: dayone at least 20x faster. The frequentist intervals of both are compared as a check.

    python bench/stats_engines.py [--metrics 50] [--variants 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import numpy as np

from _anchors import run_anchor
from dayone import stats

KINDS = ("binomial", "count", "count_ra", "ratio")

ANCHOR = """
import json, sys, time
from gbstats.gbstats import process_experiment_results
data = json.loads(sys.stdin.read())
best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    out = process_experiment_results(data)
    best = min(best, time.perf_counter() - t)
cis = {r["metric"]: [v["ci"] for v in r["analyses"][0]["dimensions"][0]["variations"][1:]] for r in out}
print(json.dumps({"seconds": best, "ci": cis}))
"""


def make_statistics(metrics: int, variants: int, seed: int = 7) -> list[dict[str, Any]]:
    """Per metric: its kind and per-variant sums, drawn to be internally consistent."""
    rng = np.random.default_rng(seed)
    out = []
    for m in range(metrics):
        kind = KINDS[m % len(KINDS)]
        n = rng.integers(90_000, 110_000, variants).astype(float)
        row: dict[str, Any] = {"key": f"metric_{m}", "kind": kind, "n": n}
        if kind == "binomial":
            row["sum"] = np.round(n * rng.uniform(0.05, 0.3) * rng.uniform(0.97, 1.03, variants))
            row["sum_squares"] = row["sum"]
        else:
            mean = rng.uniform(2, 50) * rng.uniform(0.97, 1.03, variants)
            var = (mean * rng.uniform(0.5, 3)) ** 2
            row["sum"] = mean * n
            row["sum_squares"] = (var + mean**2) * n
            if kind == "count_ra":
                pre_mean = mean * rng.uniform(0.9, 1.1)
                row["covariate_sum"] = pre_mean * n
                row["covariate_sum_squares"] = (var + pre_mean**2) * n
                row["sum_products"] = (0.6 * var + mean * pre_mean) * n
            if kind == "ratio":
                d_mean = rng.uniform(3, 8)
                d_var = d_mean * 1.5
                row["denominator_sum"] = np.full(variants, d_mean) * n
                row["denominator_sum_squares"] = (d_var + d_mean**2) * n
                row["sum_products"] = (0.5 * np.sqrt(var * d_var) + mean * d_mean) * n
        out.append(row)
    return out


def ours(data: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """All metrics, grouped by kind and vectorised; returns frequentist intervals per metric."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in data:
        groups.setdefault(row["kind"], []).append(row)
    cis: dict[str, np.ndarray] = {}
    stats.srm_check(data[0]["n"], np.full(len(data[0]["n"]), 1 / len(data[0]["n"])), warn=False)
    for kind, rows in groups.items():
        col = lambda name, rows=rows: np.stack([r[name] for r in rows])  # noqa: E731
        n = col("n")
        s: stats.SufficientStats
        if kind == "binomial":
            s = stats.ProportionStats(n=n, sum=col("sum"))
        elif kind == "count":
            s = stats.MeanStats(n=n, sum=col("sum"), sum_squares=col("sum_squares"))
        elif kind == "count_ra":
            s = stats.CupedStats(
                post=stats.MeanStats(n=n, sum=col("sum"), sum_squares=col("sum_squares")),
                pre=stats.MeanStats(
                    n=n, sum=col("covariate_sum"), sum_squares=col("covariate_sum_squares")
                ),
                sum_products=col("sum_products"),
            )
        else:
            s = stats.RatioStats(
                numerator=stats.MeanStats(n=n, sum=col("sum"), sum_squares=col("sum_squares")),
                denominator=stats.MeanStats(
                    n=n, sum=col("denominator_sum"), sum_squares=col("denominator_sum_squares")
                ),
                sum_products=col("sum_products"),
            )
        comparison = stats.compare(s)
        freq = stats.ttest(comparison)
        stats.sequential_test(comparison, tuning=5000)
        stats.bayesian_test(comparison, prior=stats.GaussianPrior(0.0, 0.01), inverse=False)
        for i, r in enumerate(rows):
            cis[r["key"]] = np.stack([freq.ci_low[i], freq.ci_high[i]], axis=-1)
    return cis


def gbstats_payload(data: list[dict[str, Any]], variants: int) -> dict[str, Any]:
    metrics: dict[str, Any] = {}
    rows = [
        {"dimension": "All", "variation": str(v), "users": float(data[0]["n"][v])}
        for v in range(variants)
    ]
    names = []
    for i, r in enumerate(data):
        names.append(r["key"])
        settings: dict[str, Any] = {
            "id": r["key"],
            "name": r["key"],
            "prior_proper": True,
            "prior_stddev": 0.1,
        }
        if r["kind"] == "binomial":
            settings |= {"statistic_type": "mean", "main_metric_type": "binomial"}
        elif r["kind"] == "count":
            settings |= {"statistic_type": "mean", "main_metric_type": "count"}
        elif r["kind"] == "count_ra":
            settings |= {
                "statistic_type": "mean_ra",
                "main_metric_type": "count",
                "covariate_metric_type": "count",
            }
        else:
            settings |= {
                "statistic_type": "ratio",
                "main_metric_type": "count",
                "denominator_metric_type": "count",
            }
        metrics[r["key"]] = settings
        fields = {
            "count": "n",
            "main_sum": "sum",
            "main_sum_squares": "sum_squares",
            "covariate_sum": "covariate_sum",
            "covariate_sum_squares": "covariate_sum_squares",
            "main_covariate_sum_product": "sum_products" if r["kind"] == "count_ra" else None,
            "denominator_sum": "denominator_sum",
            "denominator_sum_squares": "denominator_sum_squares",
            "main_denominator_sum_product": "sum_products" if r["kind"] == "ratio" else None,
        }
        for v in range(variants):
            for target, source in fields.items():
                if source is not None and source in r:
                    rows[v][f"m{i}_{target}"] = float(r[source][v])
            rows[v][f"m{i}_users"] = float(r["n"][v])
    base = {
        "var_names": [f"v{v}" for v in range(variants)],
        "var_ids": [str(v) for v in range(variants)],
        "weights": [1 / variants] * variants,
        "difference_type": "relative",
    }
    analyses = [
        base | {"stats_engine": "frequentist"},
        base | {"stats_engine": "frequentist", "sequential_testing_enabled": True},
        base | {"stats_engine": "bayesian"},
    ]
    return {
        "metrics": metrics,
        "analyses": analyses,
        "query_results": [{"rows": rows, "metrics": names}],
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--metrics", type=int, default=50)
    parser.add_argument("--variants", type=int, default=5)
    args = parser.parse_args()
    data = make_statistics(args.metrics, args.variants)
    ours(data)  # warm up imports and caches
    best = float("inf")
    for _ in range(20):
        t = time.perf_counter()
        cis = ours(data)
        best = min(best, time.perf_counter() - t)
    anchor = run_anchor(ANCHOR, stdin=json.dumps(gbstats_payload(data, args.variants)))
    worst = 0.0
    for key, ci in cis.items():
        theirs = np.array(anchor["ci"][key], dtype=float)
        worst = max(worst, float(np.max(np.abs(ci - theirs) / np.maximum(np.abs(theirs), 1e-300))))
    ratio = anchor["seconds"] / best
    print(f"{args.metrics} metrics x {args.variants} variants, frequentist + sequential + Bayesian")
    print(f"{'engine':24} {'seconds':>10} {'x gbstats':>10}")
    print(f"{'dayone.stats':24} {best:10.5f} {ratio:10.1f}")
    print(f"{'gbstats 0.8.0':24} {anchor['seconds']:10.5f} {1.0:10.1f}")
    print(f"largest relative difference of frequentist intervals: {worst:.2e}")
    ok = ratio >= 20 and worst < 1e-9
    if ratio < 20:
        print(f"MISSED: {ratio:.1f}x < 20x")
    if worst >= 1e-9:
        print("MISSED: results differ from gbstats")
    print("targets met" if ok else "targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
