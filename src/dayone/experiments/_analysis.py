"""Warehouse-native analysis: one query for the sufficient statistics, then dayone.stats."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from dayone import stats
from dayone.experiments._errors import AnalysisQueryError, InvalidSpecError
from dayone.experiments._query import build_query
from dayone.warehouse import Warehouse, WarehouseError

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from dayone.experiments._query import Query
    from dayone.experiments._spec import AnalysisSpec, Metric

Engine = Literal["frequentist", "sequential", "bayesian"]
ALL = "(all)"
NONE = "(none)"
OTHER = "(other)"


@dataclass(frozen=True, eq=False)
class StatisticsTable:
    """Per dimension value and variant, the sufficient statistics of every metric.

    ``dimension_values[0]`` is ``"(all)"``, the whole experiment; the rest are the breakdown
    (values beyond ``max_dimension_values`` are merged into ``"(other)"``). ``units`` and every
    array in ``sums`` have shape ``(dimension values, variants)``.
    """

    variants: tuple[str | int, ...]
    dimension_values: tuple[str, ...]
    units: NDArray[np.float64]
    sums: Mapping[str, Mapping[str, NDArray[np.float64]]]
    multiple_exposures: int
    unknown_variant_units: int
    sql: str


def _run(warehouse: Warehouse, query: Query) -> dict[str, list[Any]]:
    try:
        table = warehouse.run(query.expr)
    except WarehouseError as exc:
        raise AnalysisQueryError(f"the analysis query failed: {exc}") from exc
    return {name: table.column(name).to_pylist() for name in table.column_names}


def sufficient_statistics(
    warehouse: Warehouse, spec: AnalysisSpec, *, max_dimension_values: int = 20
) -> StatisticsTable:
    """Run the analysis query for ``spec`` and return the per-variant sufficient statistics."""
    if max_dimension_values < 1:
        raise InvalidSpecError("max_dimension_values must be at least 1")
    if not isinstance(warehouse, Warehouse):
        raise InvalidSpecError("warehouse must be a dayone.warehouse.Warehouse")
    query = build_query(warehouse, spec)
    rows = _run(warehouse, query)
    labels = [str(v) for v in spec.variants]
    index = {label: i for i, label in enumerate(labels)}
    names = ["n", *(c for c in rows if c not in ("variant", "dim", "mixed", "n"))]

    multiple = 0
    unknown = 0
    overall: dict[str, np.ndarray] = {name: np.zeros(len(labels)) for name in names}
    per_dim: dict[str, dict[str, np.ndarray]] = {}
    breakdown = spec.dimension is not None
    for r in range(len(rows["n"])):
        # Units are counted once: the rows split them by dimension value, never twice.
        if rows["mixed"][r]:
            multiple += int(rows["n"][r])
            continue
        variant = str(rows["variant"][r])
        if variant not in index:
            unknown += int(rows["n"][r])
            continue
        targets = [overall]
        if breakdown:
            value = rows["dim"][r]
            key = NONE if value is None else str(value)
            targets.append(per_dim.setdefault(key, {name: np.zeros(len(labels)) for name in names}))
        for target in targets:
            for name in names:
                target[name][index[variant]] += float(rows[name][r] or 0.0)

    # Keep the largest dimension values, merge the rest.
    ordered = sorted(per_dim, key=lambda k: (-per_dim[k]["n"].sum(), k))
    if len(ordered) > max_dimension_values:
        kept, rest = ordered[: max_dimension_values - 1], ordered[max_dimension_values - 1 :]
        merged = {
            name: sum((per_dim[k][name] for k in rest), np.zeros(len(labels))) for name in names
        }
        per_dim = {k: per_dim[k] for k in kept} | {OTHER: merged}
        ordered = [*kept, OTHER]
    slices = [overall] + [per_dim[k] for k in ordered]

    def stack(name: str) -> NDArray[np.float64]:
        return np.stack([s[name] for s in slices]).astype(np.float64)

    sums: dict[str, dict[str, NDArray[np.float64]]] = {}
    for metric in spec.metrics:
        cols = query.columns[metric.key]
        sums[metric.key] = {
            field: stack(column) for field, column in vars(cols).items() if column is not None
        }
    return StatisticsTable(
        variants=spec.variants,
        dimension_values=(ALL, *ordered),
        units=stack("n"),
        sums=sums,
        multiple_exposures=multiple,
        unknown_variant_units=unknown,
        sql=query.sql,
    )


@dataclass(frozen=True)
class VariantResult:
    """One variant on one metric. The baseline has no effect (``None``)."""

    variant: str | int
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
    status: str = "ok"
    guardrail: str | None = None


@dataclass(frozen=True)
class MetricResult:
    """One metric, overall (``dimension_value="(all)"``) or for one dimension value."""

    metric: str
    kind: str
    inverse: bool
    dimension_value: str
    variants: tuple[VariantResult, ...]
    cuped_theta: tuple[float, ...] | None = None


@dataclass(frozen=True)
class SrmSummary:
    """The sample-ratio-mismatch check on the units per variant."""

    p_value: float
    mismatch: bool
    expected_units: tuple[float, ...]


@dataclass(frozen=True)
class ExperimentResults:
    """Everything a results page shows for one experiment."""

    engine: str
    relative: bool
    alpha: float
    variants: tuple[str | int, ...]
    units: tuple[int, ...]
    srm: SrmSummary
    multiple_exposures: int
    unknown_variant_units: int
    metrics: tuple[MetricResult, ...]
    breakdown: tuple[MetricResult, ...]
    sql: str

    def metric(self, key: str, dimension_value: str = ALL) -> MetricResult:
        """The result of metric ``key`` overall (or for one dimension value)."""
        pool = self.metrics if dimension_value == ALL else self.breakdown
        for m in pool:
            if m.metric == key and m.dimension_value == dimension_value:
                return m
        raise KeyError(f"no result for metric {key!r} and dimension value {dimension_value!r}")


def _statistics_for(
    metric: Metric, sums: Mapping[str, NDArray[np.float64]], n: NDArray[np.float64]
) -> stats.SufficientStats:
    def base(prefix: str, binomial: bool) -> stats.BaseStats:
        s = sums[f"{prefix}sum"]
        if binomial:
            return stats.ProportionStats(n=n, sum=s)
        return stats.MeanStats(n=n, sum=s, sum_squares=sums[f"{prefix}sum_squares"])

    binomial = metric.kind == "binomial"
    if metric.kind == "ratio":
        return stats.RatioStats(
            numerator=base("", binomial=False),
            denominator=base("denominator_", binomial=False),
            sum_products=sums["sum_products"],
        )
    if "covariate_sum" in sums:
        return stats.CupedStats(
            post=base("", binomial),
            pre=base("covariate_", binomial),
            sum_products=sums["sum_products"],
        )
    return base("", binomial)


def analyze_statistics(
    table: StatisticsTable,
    spec: AnalysisSpec,
    *,
    engine: Engine = "frequentist",
    relative: bool = True,
    alpha: float = 0.05,
    correction: stats.Correction | None = None,
    tuning: float = 5000,
    prior: stats.GaussianPrior | None = None,
    guardrails: Mapping[str, float] | None = None,
) -> ExperimentResults:
    """Turn sufficient statistics into results with :mod:`dayone.stats`.

    ``correction`` ("holm" or "bh") adjusts the p-values of all metrics x variants within each
    dimension value; ``guardrails`` maps metric keys to their tolerated harm (0 for none).
    """
    if engine not in ("frequentist", "sequential", "bayesian"):
        raise InvalidSpecError(
            f"engine must be frequentist, sequential or bayesian, got {engine!r}"
        )
    guardrails = dict(guardrails or {})
    unknown = set(guardrails) - {m.key for m in spec.metrics}
    if unknown:
        raise InvalidSpecError(f"guardrails name unknown metrics: {sorted(unknown)}")
    n = table.units
    srm = stats.srm_check(n[0], spec.planned_weights)

    per_metric: list[tuple[Metric, Any]] = []
    for metric in spec.metrics:
        s = _statistics_for(metric, table.sums[metric.key], n)
        if engine == "frequentist":
            result: Any = stats.ttest(s, relative=relative, alpha=alpha)
        elif engine == "sequential":
            result = stats.sequential_test(s, relative=relative, alpha=alpha, tuning=tuning)
        else:
            result = stats.bayesian_test(
                s, relative=relative, alpha=alpha, prior=prior, inverse=metric.inverse
            )
        per_metric.append((metric, result))

    adjusted: NDArray[np.float64] | None = None
    if correction is not None and engine != "bayesian":
        p = np.stack([r.p_value for _, r in per_metric], axis=1)  # (dims, metrics, variants-1)
        flat = p.reshape(p.shape[0], -1)
        adjusted = stats.adjust_p_values(flat, method=correction, axis=-1).reshape(p.shape)

    overall: list[MetricResult] = []
    breakdown: list[MetricResult] = []
    for m_index, (metric, result) in enumerate(per_metric):
        cmp = result.comparison
        guard = (
            stats.guardrail_breaches(result, inverse=metric.inverse, margin=guardrails[metric.key])
            if metric.key in guardrails
            else None
        )
        for d, value in enumerate(table.dimension_values):
            rows = [
                VariantResult(
                    variant=table.variants[0],
                    units=int(n[d, 0]),
                    mean=float(cmp.unadjusted_mean_baseline[d, 0]),
                )
            ]
            for j in range(len(table.variants) - 1):
                p_value = float(result.p_value[d, j]) if engine != "bayesian" else None
                adj = float(adjusted[d, m_index, j]) if adjusted is not None else None
                ok = result.status[d, j] == "ok"
                decisive = adj if adj is not None else p_value
                if engine == "bayesian":
                    significant = bool(ok and not result.ci_low[d, j] <= 0 <= result.ci_high[d, j])
                else:
                    significant = bool(ok and decisive is not None and decisive < alpha)
                rows.append(
                    VariantResult(
                        variant=table.variants[j + 1],
                        units=int(n[d, j + 1]),
                        mean=float(cmp.unadjusted_mean[d, j]),
                        effect=float(result.effect[d, j]),
                        ci_low=float(result.ci_low[d, j]),
                        ci_high=float(result.ci_high[d, j]),
                        p_value=p_value,
                        adjusted_p_value=adj,
                        chance_to_win=float(result.chance_to_win[d, j])
                        if engine == "bayesian"
                        else None,
                        risk=float(result.risk[d, j]) if engine == "bayesian" else None,
                        significant=significant,
                        status=str(result.status[d, j]),
                        guardrail=None if guard is None else str(guard[d, j]),
                    )
                )
            theta = (
                tuple(float(t) for t in cmp.theta[d])
                if spec.uses_covariate(metric) and metric.kind != "ratio"
                else None
            )
            item = MetricResult(
                metric=metric.key,
                kind=metric.kind,
                inverse=metric.inverse,
                dimension_value=value,
                variants=tuple(rows),
                cuped_theta=theta,
            )
            (overall if d == 0 else breakdown).append(item)
    return ExperimentResults(
        engine=engine,
        relative=relative,
        alpha=alpha,
        variants=table.variants,
        units=tuple(int(u) for u in n[0]),
        srm=SrmSummary(
            p_value=float(srm.p_value),
            mismatch=bool(srm.mismatch),
            expected_units=tuple(float(e) for e in srm.expected),
        ),
        multiple_exposures=table.multiple_exposures,
        unknown_variant_units=table.unknown_variant_units,
        metrics=tuple(overall),
        breakdown=tuple(breakdown),
        sql=table.sql,
    )


def analyze(
    warehouse: Warehouse,
    spec: AnalysisSpec,
    *,
    engine: Engine = "frequentist",
    relative: bool = True,
    alpha: float = 0.05,
    correction: stats.Correction | None = None,
    tuning: float = 5000,
    prior: stats.GaussianPrior | None = None,
    guardrails: Mapping[str, float] | None = None,
    max_dimension_values: int = 20,
) -> ExperimentResults:
    """Analyse an experiment in the warehouse: one query, then the statistics in Python.

    A sample-ratio mismatch emits :class:`dayone.stats.SampleRatioMismatchWarning` and sets
    ``results.srm.mismatch``.
    """
    table = sufficient_statistics(warehouse, spec, max_dimension_values=max_dimension_values)
    return analyze_statistics(
        table,
        spec,
        engine=engine,
        relative=relative,
        alpha=alpha,
        correction=correction,
        tuning=tuning,
        prior=prior,
        guardrails=guardrails,
    )
