"""Our statistics against independent references: scipy, statsmodels and numpy on raw data."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower

from dayone import stats


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240601)


def _mean_stats(samples: list[np.ndarray]) -> stats.MeanStats:
    return stats.MeanStats(
        n=[len(x) for x in samples],
        sum=[x.sum() for x in samples],
        sum_squares=[(x * x).sum() for x in samples],
    )


def test_welch_matches_scipy_on_raw_data(rng: np.random.Generator) -> None:
    samples = [rng.gamma(2.0, 5.0, size=n) for n in (800, 1200, 950)]
    result = stats.ttest(_mean_stats(samples), relative=False, alpha=0.1)
    for j, treatment in enumerate(samples[1:]):
        ref = scipy.stats.ttest_ind(treatment, samples[0], equal_var=False)
        assert math.isclose(result.p_value[j], ref.pvalue, rel_tol=1e-9)
        assert math.isclose(result.effect[j], treatment.mean() - samples[0].mean(), rel_tol=1e-9)
        ci = ref.confidence_interval(confidence_level=0.9)
        assert math.isclose(result.ci_low[j], ci.low, rel_tol=1e-9)
        assert math.isclose(result.ci_high[j], ci.high, rel_tol=1e-9)
        assert math.isclose(result.dof[j], ref.df, rel_tol=1e-9)


def test_z_test_matches_normal_distribution(rng: np.random.Generator) -> None:
    a, b = rng.normal(10, 3, 5000), rng.normal(10.2, 3, 5000)
    result = stats.ttest(_mean_stats([a, b]), relative=False, distribution="z")
    se = math.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    z = (b.mean() - a.mean()) / se
    assert math.isclose(result.p_value[0], 2 * scipy.stats.norm.sf(abs(z)), rel_tol=1e-9)
    assert math.isclose(
        result.ci_high[0], b.mean() - a.mean() + scipy.stats.norm.ppf(0.975) * se, rel_tol=1e-9
    )


def test_relative_lift_uses_the_delta_method(rng: np.random.Generator) -> None:
    a, b = rng.exponential(4.0, 20000), rng.exponential(4.4, 20000)
    result = stats.ttest(_mean_stats([a, b]), relative=True)
    ma, mb = a.mean(), b.mean()
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    # gradient of mb/ma - 1 with respect to (ma, mb)
    se = math.sqrt(vb / ma**2 + va * mb**2 / ma**4)
    assert math.isclose(result.effect[0], mb / ma - 1, rel_tol=1e-9)
    assert math.isclose(result.stderr[0], se, rel_tol=1e-9)


def test_binomial_z_uses_unpooled_variance() -> None:
    result = stats.ttest(
        stats.ProportionStats(n=[4000, 4100], sum=[400, 470]), relative=False, distribution="z"
    )
    pa, pb = 400 / 4000, 470 / 4100
    se = math.sqrt(pa * (1 - pa) / 4000 + pb * (1 - pb) / 4100)
    assert math.isclose(result.p_value[0], 2 * scipy.stats.norm.sf((pb - pa) / se), rel_tol=1e-9)


def test_cuped_matches_regression_on_raw_data(rng: np.random.Generator) -> None:
    n = 4000
    pre = [rng.gamma(2.0, 3.0, n) for _ in range(2)]
    post = [0.8 * pre[0] + rng.normal(0, 2, n), 0.8 * pre[1] + rng.normal(0.3, 2, n)]
    s = stats.CupedStats(
        post=_mean_stats(post),
        pre=_mean_stats(pre),
        sum_products=[(x * y).sum() for x, y in zip(post, pre, strict=True)],
    )
    result = stats.ttest(s, relative=False)
    y, x = np.concatenate(post), np.concatenate(pre)
    theta = np.cov(y, x, ddof=1)[0, 1] / x.var(ddof=1)
    assert math.isclose(result.comparison.theta[0], theta, rel_tol=1e-9)
    adjusted = [p - theta * q for p, q in zip(post, pre, strict=True)]
    ref = scipy.stats.ttest_ind(adjusted[1], adjusted[0], equal_var=False)
    assert math.isclose(result.effect[0], adjusted[1].mean() - adjusted[0].mean(), rel_tol=1e-9)
    assert math.isclose(result.p_value[0], ref.pvalue, rel_tol=1e-9)
    plain = stats.ttest(_mean_stats(post), relative=False)
    assert result.stderr[0] < plain.stderr[0]


def test_ratio_delta_method_matches_linearisation(rng: np.random.Generator) -> None:
    sessions = [rng.poisson(5, 3000) + 1 for _ in range(2)]
    clicks = [rng.binomial(s, p) for s, p in zip(sessions, (0.2, 0.22), strict=True)]
    s = stats.RatioStats(
        numerator=_mean_stats([c.astype(float) for c in clicks]),
        denominator=_mean_stats([x.astype(float) for x in sessions]),
        sum_products=[(c * x).sum() for c, x in zip(clicks, sessions, strict=True)],
    )
    result = stats.ttest(s, relative=False)
    # Linearised per-unit values: (c - r * x) / mean(x); their variance is the delta variance.
    ses = []
    for c, x in zip(clicks, sessions, strict=True):
        r = c.sum() / x.sum()
        lin = (c - r * x) / x.mean()
        ses.append(lin.var(ddof=1) / lin.size)
    ratios = [c.sum() / x.sum() for c, x in zip(clicks, sessions, strict=True)]
    assert math.isclose(result.effect[0], ratios[1] - ratios[0], rel_tol=1e-9)
    assert math.isclose(result.stderr[0], math.sqrt(sum(ses)), rel_tol=1e-9)


def test_bayesian_matches_normal_posterior_and_truncated_means() -> None:
    s = stats.MeanStats(n=[10000, 10000], sum=[50000, 50600], sum_squares=[340000, 345000])
    result = stats.bayesian_test(s, relative=False, alpha=0.1)
    freq = stats.ttest(s, relative=False)
    mu, sd = float(freq.effect[0]), float(freq.stderr[0])
    post = scipy.stats.norm(mu, sd)
    assert math.isclose(result.chance_to_win[0], post.sf(0), rel_tol=1e-9)
    assert math.isclose(result.ci_low[0], post.ppf(0.05), rel_tol=1e-9)
    gain = post.sf(0) * scipy.stats.truncnorm.mean(-mu / sd, np.inf, loc=mu, scale=sd)
    loss = -post.cdf(0) * scipy.stats.truncnorm.mean(-np.inf, -mu / sd, loc=mu, scale=sd)
    assert math.isclose(result.risk_baseline[0], gain, rel_tol=1e-9)
    assert math.isclose(result.risk[0], loss, rel_tol=1e-9)
    inverse = stats.bayesian_test(s, relative=False, alpha=0.1, inverse=True)
    assert math.isclose(inverse.chance_to_win[0], post.cdf(0), rel_tol=1e-9)
    assert inverse.risk[0] == result.risk_baseline[0]


def test_absolute_prior_on_relative_test_is_rescaled() -> None:
    s = stats.ProportionStats(n=[20000, 20000], sum=[2000, 2150])
    data = stats.ttest(s, relative=True)
    d, v = float(data.effect[0]), float(data.stderr[0]) ** 2
    prior = stats.GaussianPrior(mean=0.001, variance=0.0001, relative=False)
    result = stats.bayesian_test(s, relative=True, prior=prior)
    m0, v0 = 0.001 / 0.1, 0.0001 / 0.1**2
    assert math.isclose(result.effect[0], (d / v + m0 / v0) / (1 / v + 1 / v0), rel_tol=1e-9)
    assert math.isclose(result.stderr[0], math.sqrt(1 / (1 / v + 1 / v0)), rel_tol=1e-9)


def test_sequential_interval_contains_fixed_horizon_interval() -> None:
    s = stats.ProportionStats(n=[[5000, 5000], [50000, 50000]], sum=[[500, 550], [5000, 5300]])
    seq = stats.sequential_test(s, relative=False)
    fixed = stats.ttest(s, relative=False)
    assert np.all(seq.ci_low < fixed.ci_low)
    assert np.all(seq.ci_high > fixed.ci_high)
    assert np.all(seq.p_value >= fixed.p_value)
    # eq. 9 of Waudby-Smith et al. written out for the first pair
    n = 10000
    rho = stats.sequential_rho(0.05, 5000)
    var = float(fixed.stderr[0, 0]) ** 2 * n
    half = math.sqrt(var) * math.sqrt(
        2 * (n * rho**2 + 1) * math.log(math.sqrt(n * rho**2 + 1) / 0.05) / (n * rho) ** 2
    )
    assert math.isclose(seq.ci_high[0, 0] - seq.effect[0, 0], half, rel_tol=1e-9)


def test_sequential_p_value_does_not_overflow() -> None:
    s = stats.ProportionStats(n=[10**8, 10**8], sum=[10**7, 2 * 10**7])
    p = stats.sequential_test(s).p_value[0]
    assert 0 <= p < 1e-300


def test_srm_matches_scipy_chisquare_and_warns() -> None:
    users = np.array([[5000, 5000, 10000], [5000, 5600, 9500]])
    weights = [0.25, 0.25, 0.5]
    with pytest.warns(stats.SampleRatioMismatchWarning, match="SAMPLE RATIO MISMATCH"):
        result = stats.srm_check(users, weights)
    for i, row in enumerate(users):
        ref = scipy.stats.chisquare(row, np.array(weights) * row.sum())
        assert math.isclose(result.p_value[i], ref.pvalue, rel_tol=1e-9)
        assert math.isclose(result.statistic[i], ref.statistic, rel_tol=1e-9)
    assert result.mismatch.tolist() == [False, True]


def test_srm_without_units_is_not_a_mismatch() -> None:
    result = stats.srm_check([0, 0], [0.5, 0.5])
    assert float(result.p_value) == 1.0
    assert not result.any_mismatch


@pytest.mark.parametrize(("method", "reference"), [("holm", "holm"), ("bh", "fdr_bh")])
def test_multiple_testing_matches_statsmodels(
    method: str, reference: str, rng: np.random.Generator
) -> None:
    p = rng.uniform(0, 0.2, size=(10, 4))
    p[0, 0] = p[3, 2]  # ties
    adjusted = stats.adjust_p_values(p, method=method)  # type: ignore[arg-type]
    expected = multipletests(p.ravel(), method=reference)[1].reshape(p.shape)
    np.testing.assert_allclose(adjusted, expected, rtol=1e-12)
    per_metric = stats.adjust_p_values(p, method=method, axis=-1)  # type: ignore[arg-type]
    for i in range(p.shape[0]):
        np.testing.assert_allclose(
            per_metric[i], multipletests(p[i], method=reference)[1], rtol=1e-12
        )


def test_power_calculator_matches_statsmodels() -> None:
    sd = 3.0
    n = 2500
    mde = stats.minimum_detectable_effect(n=n, variance=sd**2, alpha=0.05, power=0.8, ratio=2.0)
    effect_size = NormalIndPower().solve_power(nobs1=n, alpha=0.05, power=0.8, ratio=2.0)
    # statsmodels also counts the far tail (about 1e-6 of power here), we do not
    assert math.isclose(mde[0], effect_size * sd, rel_tol=1e-4)
    pw = stats.power(effect=0.2, n=n, variance=sd**2, ratio=2.0)
    assert math.isclose(pw[0], NormalIndPower().power(0.2 / sd, n, 0.05, ratio=2.0), rel_tol=1e-9)
    needed = stats.sample_size(effect=0.2, variance=sd**2, ratio=2.0)
    exact = NormalIndPower().solve_power(effect_size=0.2 / sd, alpha=0.05, power=0.8, ratio=2.0)
    assert abs(needed[0] - exact) < 1.0
    relative = stats.minimum_detectable_effect(n=n, variance=sd**2, baseline_mean=20.0)
    assert math.isclose(relative[0], stats.minimum_detectable_effect(n=n, variance=sd**2)[0] / 20.0)


def test_guardrails() -> None:
    s = stats.MeanStats(
        n=[[10000, 10000, 10000, 10]],
        sum=[[50000, 45000, 50100, 50]],
        sum_squares=[[300000, 250000, 300500, 250]],
    )
    result = stats.ttest(s, relative=True)
    # effects: -10% (interval entirely below 0), +0.2% (interval spans 0), too few units
    status = stats.guardrail_breaches(result)
    assert status.tolist() == [["breached", "at_risk", "not_enough_data"]]
    latency = stats.guardrail_breaches(result, inverse=True)
    assert latency[0, 0] == "safe"
    loose = stats.guardrail_breaches(result, margin=0.2)
    assert loose.tolist() == [["safe", "safe", "not_enough_data"]]
    tolerated = stats.guardrail_breaches(result, margin=0.1)
    assert tolerated[0, 0] == "at_risk"
