"""Bayesian view: posterior of the effect, chance to beat the baseline, and risk.

A Gaussian approximation with an optional Gaussian prior on the effect, as in gbstats'
``EffectBayesianABTest``: the data give the effect ``d`` and its variance ``v``; with a proper
prior ``N(m0, v0)`` the posterior is ``N((d/v + m0/v0) / (1/v + 1/v0), 1 / (1/v + 1/v0))``,
and with a flat prior it is ``N(d, v)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import special

from dayone.stats._compare import Comparison, Status, effect_and_variance
from dayone.stats._errors import InvalidStatsError
from dayone.stats._frequentist import as_comparison, check_alpha
from dayone.stats._sufficient import _number

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from dayone.stats._sufficient import FloatArray, SufficientStats

_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)


@dataclass(frozen=True)
class GaussianPrior:
    """A normal prior on the effect: ``N(mean, variance)``.

    ``relative=True`` states it on the relative lift (gbstats' default, e.g. ``N(0, 0.1**2)``
    says lifts beyond +-20% are unlikely); it is rescaled by the baseline mean when the test
    is on absolute differences, and the other way round.
    """

    mean: float = 0.0
    variance: float = 0.01
    relative: bool = True

    def __post_init__(self) -> None:
        for name in ("mean", "variance"):
            _number(f"GaussianPrior.{name}", getattr(self, name))
        if not self.variance > 0:
            raise InvalidStatsError(
                f"GaussianPrior.variance must be positive, got {self.variance!r}"
            )


@dataclass(frozen=True, eq=False)
class BayesianResult:
    """Per pair (``(..., variants - 1)`` arrays): the posterior of the effect and what it implies.

    ``effect``/``stderr`` are the posterior mean and standard deviation, ``ci_low``/``ci_high``
    the central ``1 - alpha`` credible interval, ``chance_to_win`` the posterior probability
    that the variant is better than the baseline (lower is better for an ``inverse`` metric),
    ``risk_baseline`` the expected loss of keeping the baseline and ``risk`` the expected loss
    of shipping the variant, in the units of the effect. Where ``status`` is not ``"ok"``:
    effect 0, interval (0, 0), chance to win 0.5, risk (0, 0).
    """

    comparison: Comparison
    relative: bool
    alpha: float
    inverse: bool
    effect: FloatArray
    stderr: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    chance_to_win: FloatArray
    risk_baseline: FloatArray
    risk: FloatArray
    status: NDArray[np.str_]

    @property
    def ok(self) -> NDArray[np.bool_]:
        """Where the comparison had enough data to be computed."""
        return np.asarray(self.status == Status.OK.value)


def bayesian_test(
    stats: SufficientStats | Comparison,
    *,
    baseline: int = 0,
    relative: bool = True,
    alpha: float = 0.05,
    prior: GaussianPrior | None = None,
    inverse: bool = False,
) -> BayesianResult:
    """Bayesian comparison of each variant with the baseline.

    ``prior=None`` is gbstats' flat (improper) prior. ``inverse=True`` marks a metric where
    lower is better (for example page load time): chance to win is then the probability of
    a decrease, and the two risks swap.

    >>> from dayone.stats import ProportionStats
    >>> r = bayesian_test(ProportionStats(n=[10000, 10000], sum=[1000, 1100]))
    >>> round(float(r.chance_to_win[0]), 4)
    0.9861
    """
    alpha = check_alpha(alpha)
    cmp = as_comparison(stats, baseline)
    status = cmp.status(relative=relative)
    ok = np.asarray(status == Status.OK.value)
    data_mean, data_var = effect_and_variance(cmp, relative=relative, ok=ok)
    data_var = np.where(ok, data_var, 1.0)
    if prior is None:
        post_mean = data_mean
        post_var = data_var
    else:
        scale = np.abs(np.where(ok, cmp.unadjusted_mean_baseline, 1.0))
        if relative == prior.relative:
            prior_mean = np.full(data_mean.shape, float(prior.mean))
            prior_var = np.full(data_mean.shape, float(prior.variance))
        elif relative:
            prior_mean = prior.mean / scale
            prior_var = prior.variance / scale**2
        else:
            prior_mean = prior.mean * scale
            prior_var = prior.variance * scale**2
        precision = 1.0 / data_var + 1.0 / prior_var
        post_mean = (data_mean / data_var + prior_mean / prior_var) / precision
        post_var = 1.0 / precision
    sd = np.sqrt(post_var)
    z = post_mean / sd
    q = special.ndtri(1.0 - alpha / 2.0)
    prob_up = special.ndtr(z)
    prob_down = special.ndtr(-z)
    density = _INV_SQRT_2PI * np.exp(-0.5 * z * z)
    # E[X; X > 0] and -E[X; X < 0] for X ~ N(post_mean, sd^2)
    gain = post_mean * prob_up + sd * density
    loss = sd * density - post_mean * prob_down
    if inverse:
        ctw, risk_baseline, risk = prob_down, loss, gain
    else:
        ctw, risk_baseline, risk = prob_up, gain, loss
    return BayesianResult(
        comparison=cmp,
        relative=relative,
        alpha=alpha,
        inverse=inverse,
        effect=np.where(ok, post_mean, 0.0),
        stderr=np.where(ok, sd, 0.0),
        ci_low=np.where(ok, post_mean - q * sd, 0.0),
        ci_high=np.where(ok, post_mean + q * sd, 0.0),
        chance_to_win=np.where(ok, ctw, 0.5),
        risk_baseline=np.where(ok, risk_baseline, 0.0),
        risk=np.where(ok, risk, 0.0),
        status=status,
    )
