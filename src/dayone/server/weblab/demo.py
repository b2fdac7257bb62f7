"""Riverbend Books' experiments over the past year, with their exposures and events.

Thirteen experiments ran (a few won, more were flat or lost, one has a sample-ratio mismatch
from a logging bug, one is running now) and one is a draft. Units are bucketed by the real
assignment engine; exposures go to the analytical store's exposure table and events to
``parquet/weblab_events.parquet``, generated with numpy in one pass per experiment. Concluded
experiments are concluded through the services, so each links to its decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from dayone.assignment import UNASSIGNED, assign_many
from dayone.experiments import load_exposures
from dayone.server.core.demo import DemoContext, demo_loader
from dayone.server.teams.models import Team
from dayone.server.weblab import services
from dayone.server.weblab.bucketing import assignment_experiment
from dayone.server.weblab.enums import (
    Engine,
    ExperimentMetricRole,
    MetricKind,
    Result,
)
from dayone.server.weblab.models import DEFAULT_EVENTS_TABLE
from dayone.server.weblab.services import ExperimentInput, MetricInput
from dayone.server.weblab.store import EXPOSURES_TABLE, UNITS_TABLE, open_store

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from dayone.server.weblab.models import Experiment

POOL = 40_000
PRE_PERIOD_DAYS = 14
BASE_CONVERSION = 0.12
PLATFORMS = ("web", "ios", "android")
COUNTRIES = ("US", "CA", "GB")


@dataclass(frozen=True)
class Spec:
    """One demo experiment: who runs it, when, how big, and the true effects per variant."""

    key: str
    name: str
    hypothesis: str
    team: str
    owner: str
    days_ago: int
    days: int | None
    units: int
    conversion: tuple[float, ...] = (0.0,)
    revenue: tuple[float, ...] = (0.0,)
    views: tuple[float, ...] = (0.0,)
    conclusion: str = ""
    result: str = Result.FLAT
    learning: str = ""
    variants: tuple[str, ...] = ("Control", "Treatment")
    srm_drop: float = 0.0
    engine: str = Engine.FREQUENTIST
    wbr: str = "conversion"
    source: tuple[str, str, str] | None = None
    draft: bool = False


RUNNING_PLAN_DAYS = 28  # the running experiment is read before its planned end: peeking
PLANNED_LIFT = 0.05

DATA = Path(__file__).with_name("demo_data") / "experiments.yaml"


def _spec(data: dict[str, Any]) -> Spec:
    """One experiment of the data file, its lists read as the tuples ``Spec`` holds."""
    fields = dict(data)
    for name in ("conversion", "revenue", "views", "variants", "source"):
        if name in fields:
            fields[name] = tuple(fields[name])
    return Spec(**fields)


SPECS: tuple[Spec, ...] = tuple(
    _spec(item) for item in yaml.safe_load(DATA.read_text(encoding="utf-8"))
)


def _metrics() -> list[MetricInput]:
    return [
        MetricInput(
            key="purchase",
            role=ExperimentMetricRole.PRIMARY,
            kind=MetricKind.BINOMIAL,
            where={"event": "purchase"},
            cuped=True,
        ),
        MetricInput(
            key="revenue",
            role=ExperimentMetricRole.SECONDARY,
            kind=MetricKind.MEAN,
            column="amount",
            where={"event": "purchase"},
            cuped=True,
        ),
        MetricInput(
            key="purchases_per_view",
            role=ExperimentMetricRole.SECONDARY,
            kind=MetricKind.RATIO,
            where={"event": "purchase"},
            denominator_aggregate="count",
            denominator_where={"event": "page_view"},
        ),
        MetricInput(
            key="page_views",
            role=ExperimentMetricRole.GUARDRAIL,
            kind=MetricKind.COUNT,
            where={"event": "page_view"},
            cuped=True,
            guardrail_margin=0.02,
        ),
    ]


def _at(ctx: DemoContext, days_ago: int, hour: int = 9) -> datetime:
    return datetime.combine(ctx.end - timedelta(days=days_ago), time(hour), tzinfo=UTC)


@dataclass
class _Pool:
    ids: NDArray[np.str_]
    propensity: NDArray[np.float64]


def _units_table(rng: np.random.Generator) -> tuple[_Pool, pa.Table]:
    ids = np.array([f"rb-{i:06d}" for i in range(POOL)], dtype=np.str_)
    propensity = rng.lognormal(0.0, 0.5, POOL)
    platform = rng.choice(len(PLATFORMS), POOL, p=[0.55, 0.25, 0.2])
    country = rng.choice(len(COUNTRIES), POOL, p=[0.7, 0.15, 0.15])
    table = pa.table(
        {
            "unit_id": pa.array(ids),
            "platform": pa.array(np.array(PLATFORMS)[platform]),
            "country": pa.array(np.array(COUNTRIES)[country]),
        }
    )
    return _Pool(ids, propensity), table


def _lift(values: tuple[float, ...], variant: NDArray[np.int16]) -> NDArray[np.float64]:
    table = np.array((0.0, *values), dtype=np.float64)
    return table[np.minimum(variant, len(table) - 1)]


def _events(
    *,
    rng: np.random.Generator,
    units: NDArray[np.intp],
    exposed: NDArray[np.datetime64],
    window: NDArray[np.timedelta64],
    variant: NDArray[np.int16],
    spec: Spec,
    pool: _Pool,
) -> dict[str, NDArray[np.generic]]:
    """Page views and purchases before (the CUPED pre-period) and after first exposure."""
    g = pool.propensity[units]
    pre = np.timedelta64(PRE_PERIOD_DAYS, "D")
    views_before = rng.poisson(1.5 * g)
    views_after = rng.poisson(3.0 * g * (1 + _lift(spec.views, variant)))
    bought_before = rng.random(len(units)) < np.minimum(0.8, 0.5 * BASE_CONVERSION * g)
    p_after = np.minimum(0.9, BASE_CONVERSION * g * (1 + _lift(spec.conversion, variant)))
    bought_after = rng.random(len(units)) < p_after
    parts_unit, parts_ts, parts_event, parts_amount = [], [], [], []

    def add(
        counts: NDArray[np.int64],
        start: NDArray[np.datetime64],
        span: NDArray[np.timedelta64],
        event: str,
        scale: NDArray[np.float64] | None,
    ) -> None:
        index = np.repeat(np.arange(len(units)), counts)
        offset = (rng.random(len(index)) * span[index].astype(np.int64)).astype(np.int64)
        parts_unit.append(units[index])
        parts_ts.append(start[index] + offset.astype("timedelta64[s]"))
        parts_event.append(np.full(len(index), event))
        if scale is None:
            parts_amount.append(np.zeros(len(index)))
        else:
            parts_amount.append(np.round(rng.lognormal(3.1, 0.45, len(index)) * scale[index], 2))

    span_pre = np.full(len(units), pre.astype("timedelta64[s]"))
    revenue_scale = 1 + _lift(spec.revenue, variant)
    add(views_before, exposed - pre, span_pre, "page_view", None)
    add(bought_before.astype(np.int64), exposed - pre, span_pre, "purchase", np.ones(len(units)))
    add(views_after, exposed, window, "page_view", None)
    add(bought_after.astype(np.int64), exposed, window, "purchase", revenue_scale)
    return {
        "unit": np.concatenate(parts_unit),
        "ts": np.concatenate(parts_ts),
        "event": np.concatenate(parts_event),
        "amount": np.concatenate(parts_amount),
    }


def _simulate(
    *,
    rng: np.random.Generator,
    spec: Spec,
    experiment: Experiment,
    pool: _Pool,
    start: datetime,
    stop: datetime,
) -> tuple[pa.Table, dict[str, NDArray[np.generic]]]:
    units = rng.choice(POOL, spec.units, replace=False)
    variant = assign_many(assignment_experiment(experiment), pool.ids[units])
    keep = variant != UNASSIGNED
    if spec.srm_drop:
        keep &= ~((variant > 0) & (rng.random(len(units)) < spec.srm_drop))
    units, variant = units[keep], variant[keep]
    begin = np.datetime64(start.replace(tzinfo=None), "s")
    seconds = int((stop - start).total_seconds())
    # Most units arrive early: half in the first third of the run.
    exposed = begin + (rng.beta(1.2, 2.0, len(units)) * seconds).astype("timedelta64[s]")
    end = np.datetime64(stop.replace(tzinfo=None), "s")
    window = np.minimum(end - exposed, np.timedelta64(7, "D").astype("timedelta64[s]"))
    unit_ids = pool.ids[units]
    exposures = pa.table(
        {
            "event_id": pa.array(np.char.add(f"{spec.key}:", unit_ids)),
            "experiment": pa.array(np.full(len(units), spec.key)),
            "unit_id": pa.array(unit_ids),
            "variant": pa.array(variant.astype(np.int32)),
            "exposed_at": pa.array(exposed.astype("datetime64[us]")),
        }
    )
    return exposures, _events(
        rng=rng, units=units, exposed=exposed, window=window, variant=variant, spec=spec, pool=pool
    )


def _write(
    warehouse_dir: Path, units: pa.Table, events: list[dict[str, NDArray[np.generic]]], pool: _Pool
) -> None:
    folder = warehouse_dir / "parquet"
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(units, folder / f"{UNITS_TABLE}.parquet")
    order = np.argsort(np.concatenate([e["ts"] for e in events]), kind="stable")
    table = pa.table(
        {
            "unit_id": pa.array(pool.ids[np.concatenate([e["unit"] for e in events])][order]),
            "ts": pa.array(
                np.concatenate([e["ts"] for e in events])[order].astype("datetime64[us]")
            ),
            "event": pa.array(np.concatenate([e["event"] for e in events])[order]),
            "amount": pa.array(np.concatenate([e["amount"] for e in events])[order]),
        }
    )
    pq.write_table(table, folder / f"{DEFAULT_EVENTS_TABLE}.parquet")


@demo_loader(after=("teams", "wbr", "decisions"))
def load_demo(ctx: DemoContext) -> str:
    """Add Riverbend Books' experiments, exposures and events; returns a short summary."""
    rng = np.random.default_rng(ctx.seed + 3)
    pool, units_table = _units_table(rng)
    teams = {team.slug: team for team in Team.objects.all()}
    now = datetime.combine(ctx.end, time(18), tzinfo=UTC)
    created: list[tuple[Spec, Experiment]] = []
    exposures: list[pa.Table] = []
    events: list[dict[str, NDArray[np.generic]]] = []
    for spec in SPECS:
        owner = ctx.people[spec.owner]
        experiment = services.experiment_create(
            actor=owner,
            data=ExperimentInput(
                key=spec.key,
                name=spec.name,
                hypothesis=spec.hypothesis,
                variants=spec.variants,
                events_table=DEFAULT_EVENTS_TABLE,
                pre_period_days=PRE_PERIOD_DAYS,
                dimension="platform",
                engine=spec.engine,
                team=teams.get(spec.team),
                owner=owner,
                wbr_metric_key=spec.wbr,
                source_kind=spec.source[0] if spec.source else "",
                source_ref=spec.source[1] if spec.source else "",
                source_title=spec.source[2] if spec.source else "",
                metrics=_metrics(),
            ),
        )
        if spec.draft:
            continue
        experiment = services.experiment_plan(
            actor=owner,
            experiment=experiment,
            planned_units=None,
            planned_days=spec.days or RUNNING_PLAN_DAYS,
            planned_lift=PLANNED_LIFT,
        )
        start = _at(ctx, spec.days_ago)
        stop = _at(ctx, spec.days_ago - spec.days, 17) if spec.days is not None else now
        experiment = services.experiment_start(actor=owner, experiment=experiment, at=start)
        batch, unit_events = _simulate(
            rng=rng, spec=spec, experiment=experiment, pool=pool, start=start, stop=stop
        )
        exposures.append(batch)
        events.append(unit_events)
        created.append((spec, experiment))
    ctx.note(f"Writing {sum(t.num_rows for t in exposures)} exposures and their events")
    _write(ctx.warehouse, units_table, events, pool)
    with open_store() as warehouse:
        warehouse.register("__weblab_demo_exposures", pa.concat_tables(exposures))
        load_exposures(warehouse, "__weblab_demo_exposures", table=EXPOSURES_TABLE)
    concluded = 0
    for spec, experiment in created:
        if spec.days is None:
            continue
        owner = ctx.people[spec.owner]
        stopped = services.experiment_stop(
            actor=owner, experiment=experiment, at=_at(ctx, spec.days_ago - spec.days, 17)
        )
        services.experiment_conclude(
            actor=owner,
            experiment=stopped,
            conclusion=spec.conclusion,
            learning=spec.learning,
            result=spec.result,
            at=_at(ctx, spec.days_ago - spec.days - 1, 15),
        )
        concluded += 1
    running = len(created) - concluded
    return f"{len(SPECS)} experiments ({concluded} concluded, {running} running, 1 draft)"
