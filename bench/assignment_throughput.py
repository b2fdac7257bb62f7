"""Assignment throughput: dayone.assignment against the GrowthBook Python SDK, same run.

Targets: at least 1M ids/s vectorised (``assign_many``), and at least 3x the SDK's per-call
throughput for single calls (``assign`` against ``GrowthBook.run``, the SDK's per-call API,
with one reused client whose ``id`` attribute is set per call). The SDK's bare hashing
functions are timed too, for information. Every variant we compute is checked against the
SDK's on a sample of the ids.

    python bench/assignment_throughput.py [--ids 1000000] [--calls 100000]
"""

from __future__ import annotations

import argparse
import sys
import time

from _anchors import run_anchor
from dayone.assignment import Experiment, assign, assign_many

KEY = "checkout-button-test"

ANCHOR = """
import json, time
from growthbook import GrowthBook, Experiment
from growthbook.core import gbhash, getBucketRanges, chooseVariation
n = {calls}
ids = [f"user-{{i}}" for i in range(n)]
gb = GrowthBook(attributes={{"id": ids[0]}})
exp = Experiment(key="{key}", variations=[0, 1], hashVersion=2)
best_run = best_core = float("inf")
for _ in range(3):
    t = time.perf_counter()
    for uid in ids:
        gb.set_attributes({{"id": uid}})
        gb.run(exp)
    best_run = min(best_run, time.perf_counter() - t)
    t = time.perf_counter()
    for uid in ids:
        chooseVariation(gbhash("{key}", uid, 2), getBucketRanges(2, 1.0, [0.5, 0.5]))
    best_core = min(best_core, time.perf_counter() - t)
sample = []
for uid in ids[:2000]:
    gb.set_attributes({{"id": uid}})
    sample.append(gb.run(exp).variationId)
print(json.dumps({{"run": best_run, "core": best_core, "sample": sample}}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ids", type=int, default=1_000_000, help="ids for the vectorised run")
    parser.add_argument("--calls", type=int, default=100_000, help="single calls to time")
    args = parser.parse_args()

    exp = Experiment(key=KEY)
    ids = [f"user-{i}" for i in range(args.ids)]
    best_vec = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        assign_many(exp, ids)
        best_vec = min(best_vec, time.perf_counter() - t)

    calls = (
        ids[: args.calls] if args.calls <= len(ids) else [f"user-{i}" for i in range(args.calls)]
    )
    best_single = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for uid in calls:
            assign(exp, uid)
        best_single = min(best_single, time.perf_counter() - t)

    anchor = run_anchor(ANCHOR.format(calls=len(calls), key=KEY))
    ours_sample = [assign(exp, uid) for uid in calls[:2000]]
    if ours_sample != anchor["sample"]:
        print("MISMATCH: our variants differ from the GrowthBook SDK's", file=sys.stderr)
        return 1

    vec_rate = len(ids) / best_vec
    single_rate = len(calls) / best_single
    sdk_rate = len(calls) / anchor["run"]
    core_rate = len(calls) / anchor["core"]
    rows = [
        ("dayone assign_many (vectorised)", vec_rate, vec_rate / sdk_rate),
        ("dayone assign (per call)", single_rate, single_rate / sdk_rate),
        ("GrowthBook SDK run (per call)", sdk_rate, 1.0),
        ("GrowthBook core gbhash+chooseVariation (info)", core_rate, core_rate / sdk_rate),
    ]
    print(f"{'what':48} {'ids/s':>14} {'x SDK run':>10}")
    for name, rate, ratio in rows:
        print(f"{name:48} {rate:14,.0f} {ratio:10.2f}")
    ok = True
    if vec_rate < 1_000_000:
        print(f"MISSED: vectorised {vec_rate:,.0f} ids/s < 1,000,000")
        ok = False
    if single_rate < 3 * sdk_rate:
        print(f"MISSED: per call {single_rate / sdk_rate:.2f}x the SDK < 3x")
        ok = False
    print("targets met" if ok else "targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
