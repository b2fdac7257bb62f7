"""From an experiment's definition to its results: the analysis spec for the experiments
engine, and the results as plain values a page or the API shows (never NaN).

The statistics are the engines' (``dayone.experiments`` and ``dayone.stats``); this module only
translates the stored definition and shapes what comes back.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from dayone import stats
from dayone.experiments import (
    ALL,
    AnalysisSpec,
    EventSource,
    ExperimentError,
    ExperimentResults,
    ExposureSource,
    Measure,
    Metric,
    analyze,
)
from dayone.server.weblab.enums import Correction, ExperimentMetricRole, MetricKind, Result
from dayone.server.weblab.store import (
    EXPOSURES_TABLE,
    UNIT_COLUMN,
    UNITS_TABLE,
    excluded_count,
    open_store,
    table_columns,
)
from dayone.stats import SampleRatioMismatchWarning
from dayone.warehouse import WarehouseError, compose

if TYPE_CHECKING:
    from collections.abc import Sequence

    from dayone.experiments import MetricResult, VariantResult
    from dayone.server.weblab.models import Experiment, ExperimentMetric
    from dayone.warehouse import Warehouse

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DIMENSION_VIEW = "weblab_exposures_by_dimension"
NOT_ENOUGH_DATA = {
    "no_units": "Not enough data: a variant has no units yet.",
    "zero_variance": "Not enough data: the metric does not vary yet.",
    "baseline_zero": "Not enough data: the control's mean is 0, so a lift cannot be computed.",
}


def _finite(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def _measure(aggregate: str, column: str, where: dict[str, Any]) -> Measure:
    return Measure(aggregate, column or None, where or None)  # type: ignore[arg-type]


def engine_metric(metric: ExperimentMetric, *, cuped_available: bool) -> Metric:
    """The experiments engine's metric for a stored definition."""
    where = metric.where or None
    cuped = metric.cuped and cuped_available
    if metric.kind == MetricKind.BINOMIAL:
        return Metric.binomial(metric.key, where=where, cuped=cuped, inverse=metric.inverse)
    if metric.kind == MetricKind.COUNT:
        return Metric.count(metric.key, where=where, cuped=cuped, inverse=metric.inverse)
    if metric.kind == MetricKind.MEAN:
        return Metric.mean(
            metric.key, column=metric.column, where=where, cuped=cuped, inverse=metric.inverse
        )
    return Metric.ratio(
        metric.key,
        numerator=_measure("sum" if metric.column else "count", metric.column, metric.where),
        denominator=_measure(
            metric.denominator_aggregate or "count",
            metric.denominator_column,
            metric.denominator_where,
        ),
        inverse=metric.inverse,
    )


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def analysis_spec(
    experiment: Experiment,
    metrics: Sequence[ExperimentMetric],
    *,
    dimension: str = "",
    now: datetime | None = None,
) -> AnalysisSpec:
    """The engine's analysis of ``experiment``: its exposures, events, metrics and window."""
    pre_period = (
        timedelta(days=experiment.pre_period_days) if experiment.pre_period_days > 0 else None
    )
    start = _aware(experiment.started_at)
    end = _aware(experiment.stopped_at) or now or datetime.now(UTC)
    if start is not None and end <= start:
        end = start + timedelta(seconds=1)
    return AnalysisSpec(
        exposures=ExposureSource(
            DIMENSION_VIEW if dimension else EXPOSURES_TABLE, experiment=experiment.key
        ),
        events=EventSource(experiment.events_table),
        metrics=tuple(engine_metric(m, cuped_available=pre_period is not None) for m in metrics),
        variants=tuple(range(len(experiment.variants))),
        weights=tuple(float(w) for w in experiment.weights),
        start=start,
        end=end,
        pre_period=pre_period,
        dimension=dimension or None,
    )


def dimension_choices(warehouse: Warehouse) -> list[str]:
    """Columns of the units table that results can be broken down by."""
    return [c for c in table_columns(warehouse, UNITS_TABLE) if c != UNIT_COLUMN]


def _prepare_dimension(warehouse: Warehouse, dimension: str) -> None:
    warehouse.execute(
        warehouse.transpile(
            compose(
                "CREATE OR REPLACE TEMP VIEW {view} AS SELECT x.*, u.{dimension} "
                "FROM {exposures} x LEFT JOIN {units} u ON u.{unit} = x.unit_id",
                view=DIMENSION_VIEW,
                dimension=dimension,
                exposures=EXPOSURES_TABLE,
                units=UNITS_TABLE,
                unit=UNIT_COLUMN,
            )
        )
    )


@dataclass(frozen=True)
class VariantRow:
    """One variant on one metric, as shown: effect, lift, interval, p-value, chances."""

    index: int
    name: str
    units: int
    mean: float
    effect: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    adjusted_p_value: float | None = None
    chance_to_win: float | None = None
    risk: float | None = None
    significant: bool = False
    verdict: str = ""
    status: str = "ok"
    not_enough_data: str = ""
    guardrail: str = ""
    difference: float | None = None


@dataclass(frozen=True)
class MetricRow:
    """One metric: its role, how it is computed, and each variant against the control."""

    key: str
    role: str
    kind: str
    inverse: bool
    cuped: bool
    cuped_theta: float | None
    control: VariantRow
    variants: tuple[VariantRow, ...]

    @property
    def breached(self) -> bool:
        return any(v.guardrail == "breached" for v in self.variants)


@dataclass(frozen=True)
class UnitsRow:
    """Units in one variant against what the planned split expects."""

    name: str
    units: int
    expected: float
    share: float


@dataclass(frozen=True)
class ExperimentAnalysis:
    """Everything the results page and the API show for one experiment."""

    ok: bool
    message: str = ""
    engine: str = ""
    relative: bool = True
    alpha: float = 0.05
    correction: str = Correction.NONE
    units: tuple[UnitsRow, ...] = ()
    total_units: int = 0
    srm_p_value: float = 1.0
    srm_mismatch: bool = False
    multiple_exposures: int = 0
    excluded_exposures: int = 0
    excluded_units: int = 0
    metrics: tuple[MetricRow, ...] = ()
    dimension: str = ""
    breakdown: tuple[tuple[str, tuple[MetricRow, ...]], ...] = ()
    raw: ExperimentResults | None = field(default=None, repr=False, compare=False)

    @property
    def primary(self) -> MetricRow | None:
        for metric in self.metrics:
            if metric.role == ExperimentMetricRole.PRIMARY:
                return metric
        return None

    @property
    def breaches(self) -> list[tuple[str, str]]:
        """(metric, variant) pairs whose guardrail is breached."""
        return [
            (m.key, v.name)
            for m in self.metrics
            if m.role == ExperimentMetricRole.GUARDRAIL
            for v in m.variants
            if v.guardrail == "breached"
        ]

    @property
    def has_data(self) -> bool:
        return self.total_units > 0


def _verdict(result: VariantResult, inverse: bool) -> str:
    if not result.significant or result.effect is None:
        return "flat"
    better = result.effect > 0 if not inverse else result.effect < 0
    return "better" if better else "worse"


def _variant_row(index: int, name: str, result: VariantResult, inverse: bool) -> VariantRow:
    status = result.status
    return VariantRow(
        index=index,
        name=name,
        units=result.units,
        mean=_finite(result.mean) or 0.0,
        effect=_finite(result.effect),
        ci_low=_finite(result.ci_low),
        ci_high=_finite(result.ci_high),
        p_value=_finite(result.p_value),
        adjusted_p_value=_finite(result.adjusted_p_value),
        chance_to_win=_finite(result.chance_to_win),
        risk=_finite(result.risk),
        significant=result.significant and status == "ok",
        verdict=_verdict(result, inverse) if index else "",
        status=status,
        not_enough_data=NOT_ENOUGH_DATA.get(status, "" if status == "ok" else status),
        guardrail=result.guardrail or "",
    )


def _metric_rows(
    results: Sequence[MetricResult],
    metrics: Sequence[ExperimentMetric],
    names: Sequence[str],
    *,
    cuped: bool,
) -> tuple[MetricRow, ...]:
    by_key = {m.key: m for m in metrics}
    rows = []
    for result in results:
        stored = by_key[result.metric]
        variants = [
            _variant_row(i, names[i], v, result.inverse) for i, v in enumerate(result.variants)
        ]
        variants[1:] = [
            replace(v, difference=_finite(v.mean - variants[0].mean)) if v.status == "ok" else v
            for v in variants[1:]
        ]
        theta = result.cuped_theta[0] if result.cuped_theta else None
        rows.append(
            MetricRow(
                key=result.metric,
                role=stored.role,
                kind=stored.kind,
                inverse=result.inverse,
                cuped=cuped and stored.cuped and stored.kind != MetricKind.RATIO,
                cuped_theta=_finite(theta),
                control=variants[0],
                variants=tuple(variants[1:]),
            )
        )
    return tuple(rows)


def experiment_analysis(
    experiment: Experiment,
    metrics: Sequence[ExperimentMetric],
    *,
    correction: str | None = None,
    dimension: str = "",
    now: datetime | None = None,
    engine: str | None = None,
) -> ExperimentAnalysis:
    """Analyse the experiment in the analytical store; failures become a message, not a crash.

    ``engine`` reads it with another method than its own (the sequential one, to look early)."""
    if not metrics:
        return ExperimentAnalysis(ok=False, message="The experiment has no metrics to analyse.")
    if experiment.started_at is None:
        return ExperimentAnalysis(
            ok=False, message="Not started yet: results appear once units are exposed."
        )
    correction = correction or experiment.correction
    if correction not in Correction.values:
        correction = experiment.correction
    if dimension and not IDENTIFIER.match(dimension):
        dimension = ""
    names = [str(name) for name in experiment.variants]
    guardrails = {
        m.key: m.guardrail_margin for m in metrics if m.role == ExperimentMetricRole.GUARDRAIL
    }
    try:
        with open_store() as warehouse:
            if dimension:
                if dimension not in dimension_choices(warehouse):
                    dimension = ""
                else:
                    _prepare_dimension(warehouse, dimension)
            spec = analysis_spec(experiment, metrics, dimension=dimension, now=now)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SampleRatioMismatchWarning)
                raw = analyze(
                    warehouse,
                    spec,
                    engine=cast("Any", engine or experiment.engine),
                    alpha=experiment.alpha,
                    correction=None if correction == Correction.NONE else cast("Any", correction),
                    guardrails=guardrails,
                )
            assert spec.start is not None  # noqa: S101 - a started experiment has a start
            assert spec.end is not None  # noqa: S101 - analysis_spec always sets the end
            excluded = excluded_count(warehouse, experiment.key, start=spec.start, end=spec.end)
    except (ExperimentError, WarehouseError) as exc:
        message = str(exc)
        if experiment.events_table in message and "does not exist" in message:
            message = f"The event table '{experiment.events_table}' is not in the analytical store."
        return ExperimentAnalysis(ok=False, message=f"The analysis could not run: {message}")
    total = sum(raw.units)
    units = tuple(
        UnitsRow(
            name=names[i],
            units=raw.units[i],
            expected=raw.srm.expected_units[i],
            share=raw.units[i] / total if total else 0.0,
        )
        for i in range(len(names))
    )
    cuped = spec.pre_period is not None
    breakdown: dict[str, list[MetricResult]] = {}
    for item in raw.breakdown:
        breakdown.setdefault(item.dimension_value, []).append(item)
    return ExperimentAnalysis(
        ok=True,
        engine=raw.engine,
        relative=raw.relative,
        alpha=raw.alpha,
        correction=correction,
        units=units,
        total_units=total,
        srm_p_value=_finite(raw.srm.p_value) or 1.0,
        srm_mismatch=raw.srm.mismatch,
        multiple_exposures=raw.multiple_exposures,
        excluded_exposures=excluded.events,
        excluded_units=excluded.units,
        metrics=_metric_rows(
            [m for m in raw.metrics if m.dimension_value == ALL], metrics, names, cuped=cuped
        ),
        dimension=dimension,
        breakdown=tuple(
            (value, _metric_rows(items, metrics, names, cuped=cuped))
            for value, items in breakdown.items()
        ),
        raw=raw,
    )


def analysis_result(analysis: ExperimentAnalysis) -> str:
    """Won, lost or flat, from the primary metric: a variant significantly better wins."""
    primary = analysis.primary
    if not analysis.ok or primary is None:
        return Result.FLAT
    verdicts = {v.verdict for v in primary.variants}
    if "better" in verdicts:
        return Result.WON
    if "worse" in verdicts:
        return Result.LOST
    return Result.FLAT


@dataclass(frozen=True)
class PowerPlan:
    """What an experiment of a given size can detect, and what a wanted lift needs."""

    units_per_variant: int
    mde: float | None
    lift: float | None = None
    units_needed: int | None = None
    weeks_needed: int | None = None
    message: str = ""


def power_plan(
    *,
    baseline: float,
    std_dev: float | None,
    units_per_week: int,
    weeks: int,
    variants: int = 2,
    lift: float | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
) -> PowerPlan:
    """The minimum detectable lift of a two-sided test with ``power`` (relative to the
    baseline) and, for ``lift``, the units per variant and weeks it needs."""
    n = units_per_week * weeks // max(variants, 2)
    if std_dev is None:
        variance = baseline * (1 - baseline)
        if not 0 < baseline < 1:
            return PowerPlan(n, None, message="A conversion rate lies strictly between 0 and 1.")
    else:
        variance = std_dev**2
    if baseline <= 0 or variance <= 0 or n < 1:
        return PowerPlan(
            max(n, 0),
            None,
            message="Not enough to plan with: the baseline and spread must be above 0.",
        )
    try:
        mde = float(
            stats.minimum_detectable_effect(
                n=n, variance=variance, baseline_mean=baseline, alpha=alpha, power=power
            )[0]
        )
        if not lift:
            return PowerPlan(n, mde)
        needed = int(
            stats.sample_size(
                effect=lift, variance=variance, baseline_mean=baseline, alpha=alpha, power=power
            )[0]
        )
    except stats.InvalidStatsError as exc:
        return PowerPlan(n, None, message=str(exc))
    weeks_needed = math.ceil(needed * max(variants, 2) / units_per_week)
    return PowerPlan(n, mde, lift, needed, weeks_needed)
