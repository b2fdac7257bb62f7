"""Compare the baseline with every other variant: per-arm means and variances, pairwise."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

from dayone.stats._errors import InvalidStatsError
from dayone.stats._sufficient import (
    CupedStats,
    MeanStats,
    ProportionStats,
    QuantileStats,
    RatioStats,
    SufficientStats,
    _safe_divide,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from dayone.stats._sufficient import BaseStats, FloatArray


class Status(StrEnum):
    """Why a comparison could or could not be computed.

    Anything other than ``OK`` is a "not enough data" result: the test returns an effect of 0,
    an interval of (0, 0), a p-value of 1 (frequentist) or a chance to win of 0.5 (Bayesian),
    and this status says why.
    """

    OK = "ok"
    NO_UNITS = "no_units"
    BASELINE_ZERO = "baseline_zero"
    ZERO_VARIANCE = "zero_variance"


@dataclass(frozen=True, eq=False)
class Comparison:
    """The baseline against each other variant, reduced to per-arm moments.

    Every array has shape ``(..., variants - 1)``: the leading axes of the statistics, then one
    entry per non-baseline variant, in order (``treatments`` gives their indices). Baseline
    arrays are repeated per pair because CUPED estimates its coefficient per pair.
    """

    baseline: int
    treatments: tuple[int, ...]
    n_baseline: FloatArray
    n: FloatArray
    mean_baseline: FloatArray
    mean: FloatArray
    unadjusted_mean_baseline: FloatArray
    unadjusted_mean: FloatArray
    variance_baseline: FloatArray
    variance: FloatArray
    zero_variance: NDArray[np.bool_]
    theta: FloatArray

    def status(self, *, relative: bool) -> NDArray[np.str_]:
        """Per pair, why the comparison can or cannot be computed (see :class:`Status`)."""
        out = np.full(self.n.shape, Status.OK.value, dtype="<U16")
        out[self.zero_variance] = Status.ZERO_VARIANCE.value
        if relative:
            zero = (self.mean_baseline == 0) | (self.unadjusted_mean_baseline == 0)
            out[zero] = Status.BASELINE_ZERO.value
        out[(self.n_baseline == 0) | (self.n == 0)] = Status.NO_UNITS.value
        return out


def _pair_axes(stats_n: FloatArray, baseline: int) -> tuple[int, tuple[int, ...]]:
    variants = stats_n.shape[-1]
    if variants < 2:
        raise InvalidStatsError(
            f"the statistics must hold at least 2 variants on their last axis, got {variants}"
        )
    if not -variants <= baseline < variants:
        raise InvalidStatsError(
            f"baseline must be a variant index below {variants}, got {baseline}"
        )
    baseline %= variants
    return baseline, tuple(i for i in range(variants) if i != baseline)


def _split(
    arr: FloatArray, baseline: int, treatments: tuple[int, ...]
) -> tuple[FloatArray, FloatArray]:
    a = np.repeat(arr[..., baseline : baseline + 1], len(treatments), axis=-1)
    b = arr[..., list(treatments)]
    return a, b


def _joint_variance(a: BaseStats, baseline: int, treatments: tuple[int, ...]) -> FloatArray:
    n_a, n_b = _split(a.n, baseline, treatments)
    s_a, s_b = _split(a.sum, baseline, treatments)
    n = n_a + n_b
    s = s_a + s_b
    if isinstance(a, ProportionStats):
        p = _safe_divide(s, n)
        return p * (1.0 - p)
    ss_a, ss_b = _split(a.sum_squares, baseline, treatments)
    out = np.zeros(n.shape)
    np.divide(ss_a + ss_b - _safe_divide(s * s, n), n - 1.0, out=out, where=n > 1)
    return out


def _covariance(sp: FloatArray, s1: FloatArray, s2: FloatArray, n: FloatArray) -> FloatArray:
    out = np.zeros(n.shape)
    np.divide(sp - _safe_divide(s1 * s2, n), n - 1.0, out=out, where=n > 1)
    return out


def _compare_cuped(stats: CupedStats, baseline: int, treatments: tuple[int, ...]) -> Comparison:
    post, pre = stats.post, stats.pre
    if type(post) is not type(pre):
        # gbstats allows it; the joint statistics are then ill-defined, so we refuse.
        raise InvalidStatsError("CupedStats.post and CupedStats.pre must be of the same type")
    sp_a, sp_b = _split(stats.sum_products, baseline, treatments)
    n_a, n_b = _split(stats.n, baseline, treatments)
    post_sum_a, post_sum_b = _split(post.sum, baseline, treatments)
    pre_sum_a, pre_sum_b = _split(pre.sum, baseline, treatments)

    joint_post_var = _joint_variance(post, baseline, treatments)
    joint_pre_var = _joint_variance(pre, baseline, treatments)
    joint_cov = _covariance(sp_a + sp_b, post_sum_a + post_sum_b, pre_sum_a + pre_sum_b, n_a + n_b)
    usable = (joint_pre_var != 0) & (joint_post_var != 0)
    theta = np.zeros(joint_cov.shape)
    np.divide(joint_cov, joint_pre_var, out=theta, where=usable)

    post_mean_a, post_mean_b = _split(post.mean, baseline, treatments)
    pre_mean_a, pre_mean_b = _split(pre.mean, baseline, treatments)
    post_var_a, post_var_b = _split(post.variance, baseline, treatments)
    pre_var_a, pre_var_b = _split(pre.variance, baseline, treatments)
    cov_a = _covariance(sp_a, post_sum_a, pre_sum_a, n_a)
    cov_b = _covariance(sp_b, post_sum_b, pre_sum_b, n_b)

    def adjusted_variance(
        n: FloatArray, pv: FloatArray, qv: FloatArray, cov: FloatArray
    ) -> FloatArray:
        return np.where(n > 1, pv + theta**2 * qv - 2.0 * theta * cov, 0.0)

    var_a = adjusted_variance(n_a, post_var_a, pre_var_a, cov_a)
    var_b = adjusted_variance(n_b, post_var_b, pre_var_b, cov_b)
    return Comparison(
        baseline=baseline,
        treatments=treatments,
        n_baseline=n_a,
        n=n_b,
        mean_baseline=post_mean_a - theta * pre_mean_a,
        mean=post_mean_b - theta * pre_mean_b,
        unadjusted_mean_baseline=post_mean_a,
        unadjusted_mean=post_mean_b,
        variance_baseline=var_a,
        variance=var_b,
        zero_variance=(var_a <= 0) | (var_b <= 0),
        theta=theta,
    )


def compare(stats: SufficientStats, *, baseline: int = 0) -> Comparison:
    """Reduce sufficient statistics to the baseline-versus-variant pairs every test uses.

    ``stats`` holds arrays of shape ``(..., variants)``; ``baseline`` indexes the last axis.

    >>> c = compare(ProportionStats(n=[1000, 1000, 1000], sum=[100, 110, 90]))
    >>> c.treatments, c.mean.tolist()
    ((1, 2), [0.11, 0.09])
    """
    if not isinstance(stats, ProportionStats | MeanStats | CupedStats | RatioStats | QuantileStats):
        raise InvalidStatsError(
            f"stats must be one of the sufficient statistics classes, not {type(stats).__name__}"
        )
    baseline, treatments = _pair_axes(stats.n, baseline)
    if isinstance(stats, CupedStats):
        return _compare_cuped(stats, baseline, treatments)
    n_a, n_b = _split(stats.n, baseline, treatments)
    mean_a, mean_b = _split(stats.mean, baseline, treatments)
    var_a, var_b = _split(stats.variance, baseline, treatments)
    if isinstance(stats, QuantileStats):
        zv_a, zv_b = _split(stats.zero_variance.astype(np.float64), baseline, treatments)
        zero_variance = (zv_a > 0) | (zv_b > 0)
    else:
        zero_variance = (var_a <= 0) | (var_b <= 0)
    return Comparison(
        baseline=baseline,
        treatments=treatments,
        n_baseline=n_a,
        n=n_b,
        mean_baseline=mean_a,
        mean=mean_b,
        unadjusted_mean_baseline=mean_a,
        unadjusted_mean=mean_b,
        variance_baseline=var_a,
        variance=var_b,
        zero_variance=np.asarray(zero_variance, dtype=np.bool_),
        theta=np.zeros(n_b.shape),
    )


def effect_and_variance(
    cmp: Comparison, *, relative: bool, ok: NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray]:
    """Point estimate and its variance (delta method when relative); 0 where not ``ok``."""
    n_a = np.where(ok, cmp.n_baseline, 1.0)
    n_b = np.where(ok, cmp.n, 1.0)
    if relative:
        m_a = np.where(ok, cmp.unadjusted_mean_baseline, 1.0)
        m_b = cmp.unadjusted_mean
        effect = (cmp.mean - cmp.mean_baseline) / m_a
        variance = cmp.variance / (m_a**2 * n_b) + cmp.variance_baseline * m_b**2 / (m_a**4 * n_a)
    else:
        effect = cmp.mean - cmp.mean_baseline
        variance = cmp.variance / n_b + cmp.variance_baseline / n_a
    return np.where(ok, effect, 0.0), np.where(ok, variance, 0.0)


def welch_dof(cmp: Comparison, ok: NDArray[np.bool_]) -> FloatArray:
    """Welch-Satterthwaite degrees of freedom per pair (1 where not ``ok``)."""
    n_a = np.where(ok & (cmp.n_baseline > 1), cmp.n_baseline, 2.0)
    n_b = np.where(ok & (cmp.n > 1), cmp.n, 2.0)
    v_a = cmp.variance_baseline
    v_b = cmp.variance
    num = (v_b / n_b + v_a / n_a) ** 2
    den = v_b**2 / (n_b**2 * (n_b - 1.0)) + v_a**2 / (n_a**2 * (n_a - 1.0))
    dof = np.ones(num.shape)
    np.divide(num, den, out=dof, where=ok & (den > 0))
    return dof
