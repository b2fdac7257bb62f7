"""Frequentist tests: Welch's t test or a z test on absolute or relative effects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from scipy import special

from dayone.stats._compare import Comparison, Status, compare, effect_and_variance, welch_dof
from dayone.stats._errors import InvalidStatsError
from dayone.stats._sufficient import _number

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from dayone.stats._sufficient import FloatArray, SufficientStats

Distribution = Literal["t", "z"]


@dataclass(frozen=True, eq=False)
class FrequentistResult:
    """Per pair (``(..., variants - 1)`` arrays): effect, interval and p-value.

    ``effect`` is the difference of means (``relative=False``) or the relative lift
    ``(treatment - baseline) / baseline`` (``relative=True``), ``stderr`` its standard
    error, ``ci_low``/``ci_high`` the two-sided ``1 - alpha`` interval. Where ``status`` is not
    ``"ok"`` the pair has not enough data: effect 0, interval (0, 0), p-value 1.
    """

    comparison: Comparison
    relative: bool
    alpha: float
    effect: FloatArray
    stderr: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    p_value: FloatArray
    dof: FloatArray
    status: NDArray[np.str_]

    @property
    def ok(self) -> NDArray[np.bool_]:
        """Where the comparison had enough data to be computed."""
        return np.asarray(self.status == Status.OK.value)

    @property
    def significant(self) -> NDArray[np.bool_]:
        """Where the interval excludes zero (``p < alpha``) on a computed pair."""
        return np.asarray(self.ok & (self.p_value < self.alpha))


def check_alpha(alpha: object) -> float:
    """Validate a significance level."""
    value = _number("alpha", alpha)
    if not 0 < value < 1:
        raise InvalidStatsError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    return value


def as_comparison(stats: SufficientStats | Comparison, baseline: int) -> Comparison:
    """Accept either sufficient statistics or an already computed comparison."""
    if isinstance(stats, Comparison):
        return stats
    return compare(stats, baseline=baseline)


def ttest(
    stats: SufficientStats | Comparison,
    *,
    baseline: int = 0,
    relative: bool = True,
    alpha: float = 0.05,
    distribution: Distribution = "t",
) -> FrequentistResult:
    """Two-sided test of each variant against the baseline.

    ``distribution="t"`` is Welch's unequal-variance t test with Welch-Satterthwaite degrees
    of freedom (gbstats' ``TwoSidedTTest``); ``"z"`` uses the normal distribution. Relative
    effects get their variance from the delta method. P-values come from the survival
    function, so very small ones do not underflow to 0.

    >>> from dayone.stats import MeanStats
    >>> r = ttest(MeanStats(n=[500, 500], sum=[5000, 5200], sum_squares=[250000, 270000]))
    >>> round(float(r.effect[0]), 3)
    0.04
    """
    alpha = check_alpha(alpha)
    if distribution not in ("t", "z"):
        raise InvalidStatsError(f"distribution must be 't' or 'z', got {distribution!r}")
    cmp = as_comparison(stats, baseline)
    status = cmp.status(relative=relative)
    ok = np.asarray(status == Status.OK.value)
    effect, variance = effect_and_variance(cmp, relative=relative, ok=ok)
    stderr = np.sqrt(variance)
    dof = welch_dof(cmp, ok)
    safe_se = np.where(ok, stderr, 1.0)
    stat = np.abs(effect) / safe_se
    if distribution == "t":
        p = 2.0 * special.stdtr(dof, -stat)
        q = special.stdtrit(dof, 1.0 - alpha / 2.0)
    else:
        p = 2.0 * special.ndtr(-stat)
        q = np.full(stat.shape, special.ndtri(1.0 - alpha / 2.0))
    width = q * stderr
    return FrequentistResult(
        comparison=cmp,
        relative=relative,
        alpha=alpha,
        effect=effect,
        stderr=np.where(ok, stderr, 0.0),
        ci_low=np.where(ok, effect - width, 0.0),
        ci_high=np.where(ok, effect + width, 0.0),
        p_value=np.where(ok, np.minimum(p, 1.0), 1.0),
        dof=dof,
        status=status,
    )
