"""Planning: minimum detectable effect, sample size and power of a two-sample z test."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import special

from dayone.stats._errors import InvalidStatsError
from dayone.stats._frequentist import check_alpha
from dayone.stats._sufficient import _array, _number

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from dayone.stats._sufficient import FloatArray


def _positive(name: str, value: ArrayLike) -> FloatArray:
    arr = _array("power", name, value)
    if np.any(arr <= 0):
        raise InvalidStatsError(f"{name} must be positive")
    return arr


def _check_power(power: object) -> float:
    value = _number("power", power)
    if not 0 < value < 1:
        raise InvalidStatsError(f"power must lie strictly between 0 and 1, got {power!r}")
    return value


def _scale(baseline_mean: ArrayLike | None) -> FloatArray | float:
    if baseline_mean is None:
        return 1.0
    m = _array("power", "baseline_mean", baseline_mean)
    if np.any(m == 0):
        raise InvalidStatsError("baseline_mean must not be 0 for a relative effect")
    return np.abs(m)


def minimum_detectable_effect(
    *,
    n: ArrayLike,
    variance: ArrayLike,
    baseline_mean: ArrayLike | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
) -> FloatArray:
    """Smallest true effect a two-sided test detects with probability ``power``.

    ``n`` is the baseline's units and ``ratio * n`` the variant's; ``variance`` is the metric's
    per-unit variance (``p (1 - p)`` for a conversion rate ``p``). With ``baseline_mean`` the
    effect is relative (a lift), otherwise absolute::

        mde = (z[1 - alpha/2] + z[power]) * sqrt(variance * (1/n + 1/(ratio n)))

    >>> round(float(minimum_detectable_effect(n=10000, variance=0.09, baseline_mean=0.1)[0]), 4)
    0.1189
    """
    alpha = check_alpha(alpha)
    power = _check_power(power)
    n_a = _positive("n", n)
    var = _positive("variance", variance)
    ratio_arr = _positive("ratio", ratio)
    z = special.ndtri(1.0 - alpha / 2.0) + special.ndtri(power)
    mde = z * np.sqrt(var * (1.0 / n_a + 1.0 / (ratio_arr * n_a)))
    return np.asarray(mde / _scale(baseline_mean), dtype=np.float64)


def sample_size(
    *,
    effect: ArrayLike,
    variance: ArrayLike,
    baseline_mean: ArrayLike | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
) -> FloatArray:
    """Baseline units needed to detect ``effect`` (relative when ``baseline_mean`` is given).

    The variant then needs ``ratio`` times as many. Rounded up to whole units.

    >>> sample_size(effect=0.05, variance=0.09, baseline_mean=0.1).tolist()
    [56512.0]
    """
    alpha = check_alpha(alpha)
    power = _check_power(power)
    d = _array("power", "effect", effect)
    if np.any(d == 0):
        raise InvalidStatsError("effect must not be 0")
    var = _positive("variance", variance)
    ratio_arr = _positive("ratio", ratio)
    absolute = np.abs(d) * _scale(baseline_mean)
    z = special.ndtri(1.0 - alpha / 2.0) + special.ndtri(power)
    n = z**2 * var * (1.0 + 1.0 / ratio_arr) / absolute**2
    return np.asarray(np.ceil(n - 1e-9), dtype=np.float64)


def power(
    *,
    effect: ArrayLike,
    n: ArrayLike,
    variance: ArrayLike,
    baseline_mean: ArrayLike | None = None,
    alpha: float = 0.05,
    ratio: float = 1.0,
) -> FloatArray:
    """Probability that a two-sided z test at ``alpha`` detects a true ``effect``.

    >>> round(float(power(effect=0.1189, n=10000, variance=0.09, baseline_mean=0.1)[0]), 3)
    0.8
    """
    alpha = check_alpha(alpha)
    d = _array("power", "effect", effect)
    n_a = _positive("n", n)
    var = _positive("variance", variance)
    ratio_arr = _positive("ratio", ratio)
    se = np.sqrt(var * (1.0 / n_a + 1.0 / (ratio_arr * n_a)))
    shift = np.abs(d) * _scale(baseline_mean) / se
    crit = special.ndtri(1.0 - alpha / 2.0)
    return np.asarray(special.ndtr(shift - crit) + special.ndtr(-shift - crit), dtype=np.float64)
