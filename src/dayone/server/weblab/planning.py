"""Planning an experiment before it starts, and what reading it early costs.

The plan (a sample size or a duration) is prefilled by the power calculator from the primary
metric's per-unit mean and variance over a pre-period of the event table, and the units a week
the table saw then. A fixed-horizon (frequentist) experiment read before its planned end gets a
peeking warning: how much reading it every day and stopping at the first significant day raises
the chance of a false result (``dayone.stats.peeking_false_positive_rate``), and the sequential
method, whose intervals stay valid at every look.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from dayone import stats
from dayone.experiments import EventSource, ExperimentError, pre_period_stats
from dayone.server.weblab.analysis import engine_metric
from dayone.server.weblab.enums import Engine, ExperimentStatus
from dayone.server.weblab.store import open_store
from dayone.warehouse import WarehouseError

if TYPE_CHECKING:
    from dayone.server.weblab.models import Experiment, ExperimentMetric

PRE_PERIOD_DAYS = 28
DEFAULT_LIFT = 0.05
POWER = 0.8
MAX_LOOKS = 365  # daily reads over a year at most
PLAN_NEEDED = (
    "Plan before starting: set the sample size or the duration. The plan on the experiment's "
    "page is prefilled by the power calculator from the primary metric's pre-period."
)


@dataclass(frozen=True)
class PlanSuggestion:
    """What the power calculator proposes from the primary metric's pre-period."""

    metric: str
    window_days: int
    units_seen: int
    baseline: float | None
    std_dev: float | None
    units_per_week: float
    lift: float
    units: int | None = None
    days: int | None = None
    message: str = ""


def plan_suggestion(
    experiment: Experiment,
    primary: ExperimentMetric | None,
    *,
    lift: float = DEFAULT_LIFT,
    now: datetime | None = None,
    window_days: int = PRE_PERIOD_DAYS,
) -> PlanSuggestion:
    """Units (all variants) and days to detect ``lift`` with 80% power at the experiment's
    level, from the primary metric's variance over the ``window_days`` before ``now``."""
    end = now or datetime.now(UTC)
    empty = PlanSuggestion("", window_days, 0, None, None, 0.0, lift)
    if primary is None:
        return _with(empty, message="Add a primary metric to plan the experiment.")
    empty = _with(empty, metric=primary.key)
    try:
        with open_store() as warehouse:
            pre = pre_period_stats(
                warehouse,
                EventSource(experiment.events_table),
                engine_metric(primary, cuped_available=False),
                start=end - timedelta(days=window_days),
                end=end,
            )
    except (ExperimentError, WarehouseError) as exc:
        return _with(empty, message=f"No pre-period to plan from: {exc}")
    found = _with(
        empty,
        units_seen=pre.units,
        baseline=pre.mean,
        std_dev=pre.std_dev,
        units_per_week=pre.units_per_week * experiment.coverage,
    )
    if pre.variance is None or pre.variance <= 0 or pre.mean == 0:
        return _with(
            found,
            message=f"The {window_days} days before now have too few units with "
            f"'{primary.key}' to estimate its variance; set the plan by hand.",
        )
    try:
        per_variant = stats.sample_size(
            effect=lift,
            variance=pre.variance,
            baseline_mean=pre.mean,
            alpha=experiment.alpha,
            power=POWER,
        )[0]
    except stats.InvalidStatsError as exc:
        return _with(found, message=str(exc))
    smallest = min(float(w) for w in experiment.weights) if experiment.weights else 0.5
    units = math.ceil(float(per_variant) / smallest)
    days = math.ceil(units / (found.units_per_week / 7.0)) if found.units_per_week else None
    return _with(found, units=units, days=days)


def _with(plan: PlanSuggestion, **changes: object) -> PlanSuggestion:
    return PlanSuggestion(**{**vars(plan), **changes})


@dataclass(frozen=True)
class Peeking:
    """Reading a fixed-horizon experiment before its planned end, and what it costs."""

    day: int
    planned_days: int | None
    units: int | None
    planned_units: int | None
    alpha: float
    false_positive_rate: float

    @property
    def message(self) -> str:
        progress = []
        if self.planned_days:
            progress.append(f"day {self.day} of {self.planned_days}")
        if self.planned_units and self.units is not None:
            progress.append(f"{self.units:,} of {self.planned_units:,} units")
        where = " and ".join(progress) or f"day {self.day}"
        return (
            f"Read before its planned end ({where}). A fixed-horizon test holds its "
            f"{self.alpha:.0%} false-positive rate only when read once, at the end: read every "
            f"day and stopped at the first significant day, it finds an effect that is not "
            f"there {self.false_positive_rate:.0%} of the time. Stopping now on a significant "
            f"result carries that risk. Read it with the sequential method, whose intervals "
            f"stay valid at every look, or wait for the planned end."
        )


def peeking(
    experiment: Experiment, *, units: int | None = None, now: datetime | None = None
) -> Peeking | None:
    """The peeking warning for a frequentist experiment read before its planned end (by days
    or by ``units``), or ``None`` when the read is at or after the end, or safe to repeat."""
    if experiment.engine != Engine.FREQUENTIST or experiment.started_at is None:
        return None
    if experiment.status == ExperimentStatus.DRAFT:
        return None
    read_at = experiment.stopped_at or now or datetime.now(UTC)
    elapsed = read_at - experiment.started_at
    day = max(1, math.ceil(elapsed / timedelta(days=1)))
    early_by_days = bool(experiment.planned_days) and elapsed < timedelta(
        days=experiment.planned_days or 0
    )
    early_by_units = bool(experiment.planned_units) and (
        units is not None and units < (experiment.planned_units or 0)
    )
    if not early_by_days and not early_by_units:
        return None
    looks = min(day, MAX_LOOKS)
    return Peeking(
        day=day,
        planned_days=experiment.planned_days,
        units=units,
        planned_units=experiment.planned_units,
        alpha=experiment.alpha,
        false_positive_rate=stats.peeking_false_positive_rate(looks=looks, alpha=experiment.alpha),
    )
