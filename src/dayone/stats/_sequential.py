"""Sequential testing: always-valid intervals and p-values that allow peeking.

The intervals are the asymptotic confidence sequences of Waudby-Smith et al. (2023),
"Time-uniform central limit theory and asymptotic confidence sequences", eq. 9, with the
mixing parameter ``rho`` of eq. 161 chosen so the sequence is tightest near ``tuning`` units,
as in gbstats' ``SequentialTwoSidedTTest``.
"""

from __future__ import annotations

import math

import numpy as np

from dayone.stats._compare import Comparison, Status, effect_and_variance, welch_dof
from dayone.stats._errors import InvalidStatsError
from dayone.stats._frequentist import FrequentistResult, as_comparison, check_alpha
from dayone.stats._sufficient import SufficientStats, _number


def sequential_rho(alpha: float, tuning: float) -> float:
    """Mixing parameter of the confidence sequence (eq. 161)."""
    return math.sqrt((-2.0 * math.log(alpha) + math.log(-2.0 * math.log(alpha) + 1.0)) / tuning)


def sequential_test(
    stats: SufficientStats | Comparison,
    *,
    baseline: int = 0,
    relative: bool = True,
    alpha: float = 0.05,
    tuning: float = 5000,
) -> FrequentistResult:
    """Always-valid two-sided test of each variant against the baseline.

    ``tuning`` is gbstats' ``sequential_tuning_parameter``: the total sample size (both arms)
    at which the interval is narrowest. The p-value is ``min(1, 1 / e-value)``, computed in
    log space so that it neither overflows nor underflows to 0 early.

    >>> from dayone.stats import ProportionStats
    >>> r = sequential_test(ProportionStats(n=[5000, 5000], sum=[500, 560]))
    >>> bool(r.ci_low[0] < 0 < r.ci_high[0])
    True
    """
    alpha = check_alpha(alpha)
    if not _number("tuning", tuning) > 0:
        raise InvalidStatsError(f"tuning must be a positive number, got {tuning!r}")
    cmp = as_comparison(stats, baseline)
    status = cmp.status(relative=relative)
    ok = np.asarray(status == Status.OK.value)
    effect, variance = effect_and_variance(cmp, relative=relative, ok=ok)
    rho = sequential_rho(alpha, float(tuning))
    n_total = np.where(ok, cmp.n_baseline + cmp.n, 1.0)
    safe_var = np.where(ok, variance, 1.0)
    s2 = safe_var * n_total
    nr2p1 = n_total * rho**2 + 1.0
    width = np.sqrt(s2) * np.sqrt(
        2.0 * nr2p1 * np.log(np.sqrt(nr2p1) / alpha) / (n_total * rho) ** 2
    )
    st2 = effect**2 * n_total / safe_var
    log_evalue = rho**2 * st2 / (2.0 * nr2p1) - 0.5 * np.log(nr2p1)
    p = np.exp(-np.maximum(log_evalue, 0.0))
    return FrequentistResult(
        comparison=cmp,
        relative=relative,
        alpha=alpha,
        effect=effect,
        stderr=np.where(ok, np.sqrt(variance), 0.0),
        ci_low=np.where(ok, effect - width, 0.0),
        ci_high=np.where(ok, effect + width, 0.0),
        p_value=np.where(ok, p, 1.0),
        dof=welch_dof(cmp, ok),
        status=status,
    )
