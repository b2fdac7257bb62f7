from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dayone.server.core import services as core_services
from dayone.server.weblab import services
from dayone.server.weblab.services import ExperimentInput, MetricInput
from dayone.server.weblab.store import EXPOSURES_TABLE, open_store

START = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def warehouse(settings, tmp_path):
    """Every test gets its own analytical store."""
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    return settings.DAYONE_WAREHOUSE_DIR


def metrics(**overrides):
    """A primary conversion, a secondary revenue mean and a page-views guardrail."""
    base = [
        MetricInput(key="purchase", role="primary", kind="binomial", where={"event": "purchase"}),
        MetricInput(
            key="revenue",
            role="secondary",
            kind="mean",
            column="amount",
            where={"event": "purchase"},
        ),
        MetricInput(
            key="page_views",
            role="guardrail",
            kind="count",
            where={"event": "page_view"},
            guardrail_margin=0.01,
        ),
    ]
    return overrides.get("metrics", base)


def definition(**overrides):
    values = {
        "key": "checkout-button",
        "name": "Green checkout button",
        "hypothesis": "A green button is easier to see, so more visitors will buy.",
        "metrics": metrics(),
    }
    values.update(overrides)
    return ExperimentInput(**values)


def make_experiment(actor, *, planned_days=7, **overrides):
    """A draft, planned to run ``planned_days`` (``None``: not planned)."""
    experiment = services.experiment_create(actor=actor, data=definition(**overrides))
    if planned_days is None:
        return experiment
    return services.experiment_plan(
        actor=actor, experiment=experiment, planned_units=None, planned_days=planned_days
    )


def bearer(user, name="service"):
    _, raw = core_services.api_token_create(actor=user, name=name)
    return {"Authorization": f"Bearer {raw}"}


def write_data(
    warehouse_dir,
    key,
    *,
    n=(2000, 2000),
    rates=(0.10, 0.13),
    views=(3.0, 3.0),
    seed=1,
    pre=False,
    start=START,
):
    """Exposures for ``key`` into the store and events to ``weblab_events.parquet``.

    Variant ``v`` has ``n[v]`` units converting at ``rates[v]`` with lognormal amounts and
    Poisson page views; with ``pre`` each unit also has events in the 14 days before exposure.
    """
    rng = np.random.default_rng(seed)
    unit_ids, variants = [], []
    for v, count in enumerate(n):
        unit_ids += [f"{key}-{v}-{i}" for i in range(count)]
        variants += [v] * count
    units = np.array(unit_ids)
    variant = np.array(variants, dtype=np.int32)
    base = np.datetime64(start.replace(tzinfo=None), "s")
    exposed = base + rng.integers(0, 3 * 86400, len(units)).astype("timedelta64[s]")
    propensity = rng.lognormal(0, 0.4, len(units))
    rows_unit, rows_ts, rows_event, rows_amount = [], [], [], []
    rate = np.array(rates)[variant] * propensity
    bought = rng.random(len(units)) < np.minimum(rate, 0.95)
    view_counts = rng.poisson(np.array(views)[variant] * propensity)
    for i in np.flatnonzero(bought):
        rows_unit.append(units[i])
        rows_ts.append(exposed[i] + np.timedelta64(3600, "s"))
        rows_event.append("purchase")
        rows_amount.append(float(round(rng.lognormal(3, 0.4) * (1 + propensity[i]), 2)))
    for i in np.flatnonzero(view_counts):
        for k in range(view_counts[i]):
            rows_unit.append(units[i])
            rows_ts.append(exposed[i] + np.timedelta64(60 * (k + 1), "s"))
            rows_event.append("page_view")
            rows_amount.append(0.0)
    if pre:
        for i in range(len(units)):
            if rng.random() < min(0.9, 0.5 * propensity[i]):
                rows_unit.append(units[i])
                rows_ts.append(exposed[i] - np.timedelta64(86400 * 3, "s"))
                rows_event.append("purchase")
                rows_amount.append(float(round(rng.lognormal(3, 0.4) * (1 + propensity[i]), 2)))
    folder = warehouse_dir / "parquet"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "weblab_events.parquet"
    events = pa.table(
        {
            "unit_id": pa.array(rows_unit, pa.string()),
            "ts": pa.array(np.array(rows_ts, dtype="datetime64[us]")),
            "event": pa.array(rows_event, pa.string()),
            "amount": pa.array(rows_amount, pa.float64()),
        }
    )
    if path.exists():
        events = pa.concat_tables([pq.read_table(path), events])
    pq.write_table(events, path)
    exposures = pa.table(
        {
            "event_id": pa.array([f"{key}:{u}" for u in units]),
            "experiment": pa.array([key] * len(units)),
            "unit_id": pa.array(units),
            "variant": pa.array(variant),
            "exposed_at": pa.array(exposed.astype("datetime64[us]")),
        }
    )
    with open_store() as store:
        store.register("__test_exposures", exposures)
        store.execute(
            f"INSERT INTO {EXPOSURES_TABLE} SELECT event_id, experiment, unit_id, variant, "
            "exposed_at, exposed_at FROM __test_exposures"
        )
    return units, variant


def run(actor, experiment, *, days=7):
    """Start at ``START`` and stop ``days`` later."""
    experiment = services.experiment_start(actor=actor, experiment=experiment, at=START)
    return services.experiment_stop(
        actor=actor, experiment=experiment, at=START + timedelta(days=days)
    )
