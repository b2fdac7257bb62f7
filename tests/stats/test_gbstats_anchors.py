"""Our statistics against gbstats 0.8.0's low-level results on synthetic sufficient statistics.

The oracle files live in the shared anchors folder beside the repository; without it these
tests skip. Every number must agree to 1e-9 (relative). P-values are the one deliberate
difference: gbstats computes ``2 * (1 - cdf)``, which loses all digits below about 1e-16 (and
returns exactly 0 for the ratio metric here); we use the survival function, so we compare
p-values with gbstats to an absolute 1e-12 and with scipy's survival function to 1e-9.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.stats

from dayone import stats

ANCHORS = Path(__file__).resolve().parents[2].parent / "shared" / "anchors" / "experiments"
RESULTS = ANCHORS / "gbstats_results_lowlevel.json"
SUFFICIENT = ANCHORS / "synthetic_sufficient_stats.json"

REL = 1e-9


def _load(path: Path) -> Any:
    if not path.exists():
        pytest.skip(f"anchor file {path} is absent")
    return json.loads(path.read_text())


def _cases() -> list[dict[str, Any]]:
    if not RESULTS.exists():
        return []
    return list(json.loads(RESULTS.read_text())["low_level_results"])


def _column(rows: list[dict[str, Any]], key: str) -> np.ndarray:
    return np.array([row[key] for row in rows], dtype=float)


def _statistics(metric: str, statistic: str) -> stats.SufficientStats:
    rows = _load(SUFFICIENT)["metrics"][metric]
    col = lambda key: _column(rows, key)  # noqa: E731
    if statistic == "binomial":
        return stats.ProportionStats(n=col("count"), sum=col("main_sum"))
    if statistic == "count":
        return stats.MeanStats(
            n=col("count"), sum=col("main_sum"), sum_squares=col("main_sum_squares")
        )
    if statistic == "binomial_ra":
        return stats.CupedStats(
            post=stats.ProportionStats(n=col("count"), sum=col("main_sum")),
            pre=stats.ProportionStats(n=col("count"), sum=col("covariate_sum")),
            sum_products=col("main_covariate_sum_product"),
        )
    if statistic == "count_ra":
        return stats.CupedStats(
            post=stats.MeanStats(
                n=col("count"), sum=col("main_sum"), sum_squares=col("main_sum_squares")
            ),
            pre=stats.MeanStats(
                n=col("count"), sum=col("covariate_sum"), sum_squares=col("covariate_sum_squares")
            ),
            sum_products=col("main_covariate_sum_product"),
        )
    if statistic == "ratio":
        return stats.RatioStats(
            numerator=stats.MeanStats(
                n=col("users"), sum=col("main_sum"), sum_squares=col("main_sum_squares")
            ),
            denominator=stats.MeanStats(
                n=col("users"),
                sum=col("denominator_sum"),
                sum_squares=col("denominator_sum_squares"),
            ),
            sum_products=col("main_denominator_sum_product"),
        )
    assert statistic == "quantile"
    return stats.QuantileStats(
        n=col("quantile_n"),
        n_star=col("quantile_nstar"),
        nu=0.9,
        quantile=col("quantile"),
        lower=col("quantile_lower"),
        upper=col("quantile_upper"),
    )


def _welch_dof(s: stats.SufficientStats) -> float:
    """Welch-Satterthwaite degrees of freedom, written out independently for the check."""
    c = stats.compare(s)
    va, vb = float(c.variance_baseline[0]), float(c.variance[0])
    na, nb = float(c.n_baseline[0]), float(c.n[0])
    return (va / na + vb / nb) ** 2 / (va**2 / (na**2 * (na - 1)) + vb**2 / (nb**2 * (nb - 1)))


def _close(actual: float, expected: float, what: str) -> None:
    assert math.isclose(actual, expected, rel_tol=REL, abs_tol=1e-300), (
        f"{what}: {actual!r} != {expected!r}"
    )


@pytest.mark.parametrize(
    "case",
    _cases(),
    ids=lambda c: f"{c['metric']}-{c['statistic']}-{c['difference_type']}-{c['engine']}",
)
def test_matches_gbstats(case: dict[str, Any]) -> None:
    s = _statistics(case["metric"], case["statistic"])
    relative = case["difference_type"] == "relative"
    engine = case["engine"]
    if engine == "frequentist":
        result: stats.FrequentistResult | stats.BayesianResult = stats.ttest(s, relative=relative)
    elif engine == "sequential_tuning5000":
        result = stats.sequential_test(s, relative=relative, tuning=5000)
    elif engine == "bayesian_flat_prior":
        result = stats.bayesian_test(s, relative=relative)
    else:
        assert engine == "bayesian_proper_prior_N(0,0.1^2)_rel"
        prior = stats.GaussianPrior(mean=0.0, variance=0.1**2, relative=True)
        result = stats.bayesian_test(s, relative=relative, prior=prior)

    assert result.status.tolist() == ["ok"]
    _close(float(result.effect[0]), case["expected"], "expected")
    _close(float(result.ci_low[0]), case["ci"][0], "ci low")
    _close(float(result.ci_high[0]), case["ci"][1], "ci high")
    _close(float(result.stderr[0]), case["uplift"]["stddev"], "stddev")
    if "theta" in case:
        _close(float(result.comparison.theta[0]), case["theta"], "theta")
    if isinstance(result, stats.BayesianResult):
        _close(float(result.chance_to_win[0]), case["chance_to_win"], "chance to win")
        _close(float(result.risk_baseline[0]), case["risk"][0], "risk of the baseline")
        _close(float(result.risk[0]), case["risk"][1], "risk of the variant")
        return
    p = float(result.p_value[0])
    assert abs(p - case["p_value"]) <= 1e-12
    assert p > 0
    if engine == "frequentist":
        # Independent survival-function p-value from gbstats' own effect and stddev.
        z = case["expected"] / case["uplift"]["stddev"]
        _close(p, 2 * float(scipy.stats.t.sf(abs(z), _welch_dof(s))), "p (scipy)")
    else:
        _close(p, case["p_value"], "sequential p")


def test_independent_checks_agree() -> None:
    checks = _load(RESULTS)["independent_checks"]
    revenue = _statistics("revenue", "count")
    r = stats.ttest(revenue, relative=False)
    _close(float(r.p_value[0]), checks["welch_revenue_abs"]["scipy_p"], "welch p")
    _close(float(r.effect[0]), checks["welch_revenue_abs"]["scipy_diff"], "welch diff")

    cuped = stats.ttest(_statistics("revenue", "count_ra"), relative=False)
    assert math.isclose(
        float(cuped.comparison.theta[0]), checks["cuped_revenue_abs"]["numpy_theta"], rel_tol=1e-9
    )
    assert math.isclose(
        float(cuped.effect[0]), checks["cuped_revenue_abs"]["numpy_diff"], rel_tol=1e-9
    )
    assert math.isclose(
        float(cuped.stderr[0]), checks["cuped_revenue_abs"]["numpy_se"], rel_tol=1e-9
    )
    reduction = 1 - (float(cuped.stderr[0]) / float(r.stderr[0])) ** 2
    assert math.isclose(
        reduction, checks["cuped_revenue_abs"]["variance_reduction_vs_unadjusted"], rel_tol=1e-9
    )

    ratio = stats.ttest(_statistics("ctr", "ratio"), relative=True)
    assert math.isclose(
        float(ratio.effect[0]), checks["ratio_ctr_rel_delta"]["numpy_rel"], rel_tol=1e-9
    )
    assert math.isclose(
        float(ratio.stderr[0]), checks["ratio_ctr_rel_delta"]["numpy_se"], rel_tol=1e-9
    )

    seq = stats.sequential_test(_statistics("revenue", "count"), relative=True)
    fixed = stats.ttest(_statistics("revenue", "count"), relative=True)
    inflation = float(seq.ci_high[0] - seq.ci_low[0]) / float(fixed.ci_high[0] - fixed.ci_low[0])
    assert math.isclose(
        inflation, checks["sequential_revenue_rel"]["width_inflation"], rel_tol=1e-9
    )

    users = _column(_load(SUFFICIENT)["metrics"]["revenue"], "users")
    srm = stats.srm_check(users, [0.5, 0.5])
    _close(float(srm.p_value), checks["srm_p_scipy_chisquare"], "srm p")
    assert not srm.any_mismatch


def test_all_metrics_in_one_vectorised_call_match_per_metric_calls() -> None:
    """Stacking metrics on a leading axis gives the same numbers as one call per metric."""
    names = ["conversion", "revenue"]
    data = _load(SUFFICIENT)["metrics"]
    n = np.stack([_column(data[m], "count") for m in names])
    stacked = stats.MeanStats(
        n=n,
        sum=np.stack([_column(data[m], "main_sum") for m in names]),
        sum_squares=np.stack([_column(data[m], "main_sum_squares") for m in names]),
    )
    together = stats.ttest(stacked)
    assert together.effect.shape == (2, 1)
    for i, name in enumerate(names):
        alone = stats.ttest(_statistics(name, "count"))
        assert together.effect[i, 0] == alone.effect[0]
        assert together.p_value[i, 0] == alone.p_value[0]
