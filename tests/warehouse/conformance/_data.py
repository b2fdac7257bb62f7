"""Seeded data for the conformance suite, and the comparison every backend must pass."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pyarrow as pa

T0 = datetime(2024, 3, 1)  # noqa: DTZ001 - naive UTC, as the warehouse stores timestamps
END = datetime(2024, 3, 20)  # noqa: DTZ001
PRE = timedelta(days=5)
REL = 1e-9


def assert_close(actual: object, expected: object, where: str = "") -> None:
    """Integers equal, floats within 1e-9 relative (and NaN where NaN is expected)."""
    if isinstance(expected, float) or isinstance(actual, float):
        a, e = float(actual), float(expected)  # type: ignore[arg-type]
        if math.isnan(e):
            assert math.isnan(a), f"{where}: {a} is not NaN"
            return
        assert math.isclose(a, e, rel_tol=REL, abs_tol=1e-12), f"{where}: {a} != {e}"
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def experiment_tables(seed: int = 11) -> tuple[pa.Table, pa.Table]:
    """Exposures (with repeats, a mixed unit, an unknown variant) and events around them."""
    rng = np.random.default_rng(seed)
    exposures: list[tuple] = []
    for i in range(300):
        variant = int(rng.integers(0, 3))
        when = T0 + timedelta(minutes=int(rng.integers(0, 60 * 200)))
        platform = ["ios", "web", None][i % 3]
        exposures.append((f"u{i}", variant, when, platform, "exp-a"))
        if i % 25 == 0:  # a later, repeated exposure to the same variant
            exposures.append((f"u{i}", variant, when + timedelta(hours=3), "web", "exp-a"))
    exposures += [
        ("mixed-1", 0, T0, "web", "exp-a"),
        ("mixed-1", 1, T0 + timedelta(hours=1), "web", "exp-a"),
        ("stranger", 7, T0, "web", "exp-a"),
        ("other-exp", 0, T0, "web", "exp-b"),
        ("late", 1, END + timedelta(hours=1), "ios", "exp-a"),  # after the end: not counted
    ]
    events: list[tuple] = []
    for _ in range(3000):
        unit = f"u{int(rng.integers(0, 330))}"
        when = T0 - timedelta(days=8) + timedelta(seconds=int(rng.integers(0, 86400 * 32)))
        kind = ["view", "purchase", "click"][int(rng.integers(0, 3))]
        events.append((unit, when, kind, int(rng.integers(0, 2**40)), float(rng.gamma(2, 10))))
    events.append(("mixed-1", T0 + timedelta(days=1), "purchase", 5, 10.0))
    x_names = ["unit_id", "variant", "exposed_at", "platform", "experiment"]
    e_names = ["unit_id", "ts", "event", "big", "amount"]
    x = pa.table({c: [r[i] for r in exposures] for i, c in enumerate(x_names)})
    e = pa.table({c: [r[i] for r in events] for i, c in enumerate(e_names)})
    return x.cast(
        pa.schema(
            [
                ("unit_id", pa.string()),
                ("variant", pa.int64()),
                ("exposed_at", pa.timestamp("us")),
                ("platform", pa.string()),
                ("experiment", pa.string()),
            ]
        )
    ), e.cast(
        pa.schema(
            [
                ("unit_id", pa.string()),
                ("ts", pa.timestamp("us")),
                ("event", pa.string()),
                ("big", pa.int64()),
                ("amount", pa.float64()),
            ]
        )
    )
