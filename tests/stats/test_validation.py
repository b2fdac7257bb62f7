"""Bad input gets a clear error naming the field; thin data gets an explicit status, never NaN."""

from __future__ import annotations

import numpy as np
import pytest

from dayone import stats


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: stats.ProportionStats(n=[10, -1], sum=[1, 0]), "ProportionStats.n"),
        (lambda: stats.ProportionStats(n=[10, 10.5], sum=[1, 0]), "ProportionStats.n"),
        (lambda: stats.ProportionStats(n=[10, 10], sum=[11, 0]), "ProportionStats.sum"),
        (lambda: stats.ProportionStats(n=[10, 10], sum=[1, 2, 3]), "ProportionStats.sum"),
        (lambda: stats.MeanStats(n=[10, 10], sum=[1, np.nan], sum_squares=[1, 1]), "MeanStats.sum"),
        (
            lambda: stats.MeanStats(n=[10, 10], sum=[10, 10], sum_squares=[1, 20]),
            "MeanStats.sum_squares",
        ),
        (lambda: stats.MeanStats(n=["a", 1], sum=[1, 1], sum_squares=[1, 1]), "MeanStats.n"),
        (
            lambda: stats.CupedStats(
                post=stats.ProportionStats(n=[10, 10], sum=[1, 1]),
                pre=stats.ProportionStats(n=[10, 11], sum=[1, 1]),
                sum_products=[1, 1],
            ),
            "CupedStats.pre.n",
        ),
        (
            lambda: stats.RatioStats(
                numerator=stats.ProportionStats(n=[10, 10], sum=[1, 1]),
                denominator=[1, 2],  # type: ignore[arg-type]
                sum_products=[1, 1],
            ),
            "RatioStats.denominator",
        ),
        (
            lambda: stats.QuantileStats(
                n=[100, 100], n_star=[100, 100], nu=1.5, quantile=[1, 1], lower=[0, 0], upper=[2, 2]
            ),
            "QuantileStats.nu",
        ),
        (lambda: stats.GaussianPrior(variance=0), "GaussianPrior.variance"),
        (lambda: stats.GaussianPrior(mean=float("inf")), "GaussianPrior.mean"),
        (lambda: stats.ttest(stats.ProportionStats(n=[10], sum=[1])), "at least 2 variants"),
        (lambda: stats.ttest(stats.ProportionStats(n=[10, 10], sum=[1, 1]), alpha=1.5), "alpha"),
        (
            lambda: stats.ttest(stats.ProportionStats(n=[10, 10], sum=[1, 1]), baseline=2),
            "baseline",
        ),
        (
            lambda: stats.ttest(stats.ProportionStats(n=[10, 10], sum=[1, 1]), distribution="f"),
            "distribution",
        ),  # type: ignore[arg-type]
        (
            lambda: stats.sequential_test(stats.ProportionStats(n=[10, 10], sum=[1, 1]), tuning=0),
            "tuning",
        ),
        (lambda: stats.srm_check([10, 10], [0.5, 0.0]), "weights"),
        (lambda: stats.srm_check([10, 10], [1.0]), "weights"),
        (lambda: stats.adjust_p_values([0.1, 1.2]), "p_values"),
        (lambda: stats.adjust_p_values([0.1], method="bonferroni"), "method"),  # type: ignore[arg-type]
        (lambda: stats.minimum_detectable_effect(n=0, variance=1), "n"),
        (lambda: stats.sample_size(effect=0.1, variance=1, power=1.0), "power"),
        (lambda: stats.compare("nope"), "stats"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_names_the_field(build: object, field: str) -> None:
    with pytest.raises(stats.InvalidStatsError, match=field.replace(".", r"\.")):
        build()  # type: ignore[operator]


def test_errors_are_value_errors_under_one_base() -> None:
    assert issubclass(stats.InvalidStatsError, stats.StatError)
    assert issubclass(stats.InvalidStatsError, ValueError)


def test_statistics_are_immutable() -> None:
    s = stats.ProportionStats(n=[10, 10], sum=[1, 2])
    with pytest.raises(ValueError, match="read-only"):
        s.n[0] = 5
    source = np.array([10.0, 10.0])
    s = stats.ProportionStats(n=source, sum=[1, 2])
    source[0] = 99
    assert s.n[0] == 10


@pytest.mark.parametrize("engine", ["ttest", "sequential_test", "bayesian_test"])
def test_not_enough_data_is_explicit_and_finite(engine: str) -> None:
    s = stats.MeanStats(
        n=[100, 0, 1, 100, 100],
        sum=[0, 0, 5, 100, 200],
        sum_squares=[0, 0, 25, 100, 500],
    )
    result = getattr(stats, engine)(s, relative=True)
    assert result.status.tolist() == ["no_units", "baseline_zero", "baseline_zero", "baseline_zero"]
    absolute = getattr(stats, engine)(s, relative=False)
    assert absolute.status.tolist() == [
        "no_units",
        "zero_variance",
        "zero_variance",
        "zero_variance",
    ]
    ok_case = getattr(stats, engine)(
        stats.MeanStats(n=[100, 100], sum=[100, 100], sum_squares=[100, 100]), relative=False
    )
    assert ok_case.status.tolist() == ["zero_variance"]
    for r in (result, absolute, ok_case):
        for name in ("effect", "stderr", "ci_low", "ci_high"):
            values = getattr(r, name)
            assert np.all(np.isfinite(values))
            assert np.all(values[~r.ok] == 0)
        if isinstance(r, stats.BayesianResult):
            assert np.all(r.chance_to_win[~r.ok] == 0.5)
        else:
            assert np.all(r.p_value[~r.ok] == 1)
            assert not np.any(r.significant[~r.ok])


def test_quantile_with_too_few_observations_is_zero_variance() -> None:
    s = stats.QuantileStats(
        n=[20, 5000], n_star=[20, 5000], nu=0.9, quantile=[1, 1], lower=[0, 0.9], upper=[2, 1.1]
    )
    assert stats.ttest(s).status.tolist() == ["zero_variance"]


def test_mixed_cuped_types_are_refused() -> None:
    s = stats.CupedStats(
        post=stats.ProportionStats(n=[10, 10], sum=[1, 1]),
        pre=stats.MeanStats(n=[10, 10], sum=[1, 1], sum_squares=[1, 1]),
        sum_products=[1, 1],
    )
    with pytest.raises(stats.InvalidStatsError, match="same type"):
        stats.compare(s)
