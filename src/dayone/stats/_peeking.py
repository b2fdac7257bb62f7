"""What reading a fixed-horizon test early does to its error rate.

A fixed-horizon test keeps its false-positive rate at ``alpha`` only when it is read once, at
the planned end. Read at ``looks`` equally spaced times and stopped at the first significant
look, the chance of declaring an effect that is not there grows with every look (Armitage,
McPherson and Rowe, 1969). The rate is computed exactly, up to a fine grid, by following the
density of the running z statistic's sum from look to look and removing, at each look, the
mass beyond the critical value.
"""

from __future__ import annotations

import numpy as np
from scipy import signal, special

from dayone.stats._errors import InvalidStatsError
from dayone.stats._frequentist import check_alpha

MAX_LOOKS = 400
_STEP = 0.02
_TAIL = 8.0


def peeking_false_positive_rate(*, looks: object, alpha: float = 0.05) -> float:
    """Chance that a two-sided z test at ``alpha`` finds an effect that is not there when it
    is read at ``looks`` equally spaced times and stopped at the first significant one.

    One look is ``alpha`` itself; daily looks over two weeks about four times as much.

    >>> round(peeking_false_positive_rate(looks=1), 3)
    0.05
    >>> round(peeking_false_positive_rate(looks=5), 3)
    0.142
    """
    alpha = check_alpha(alpha)
    if isinstance(looks, bool) or not isinstance(looks, int) or not 1 <= looks <= MAX_LOOKS:
        raise InvalidStatsError(f"looks must be an integer from 1 to {MAX_LOOKS}, got {looks!r}")
    crit = float(special.ndtri(1.0 - alpha / 2.0))
    half = crit * np.sqrt(looks) + _TAIL
    x = np.arange(-half, half + _STEP / 2, _STEP)
    kernel_x = np.arange(-_TAIL, _TAIL + _STEP / 2, _STEP)
    kernel = np.exp(-0.5 * kernel_x**2) / np.sqrt(2 * np.pi) * _STEP
    # the sum of k unit normals after the first look; |sum| >= crit * sqrt(k) rejects
    density = np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi)
    inside = np.abs(x) < crit
    rejected = alpha
    density = np.where(inside, density, 0.0)
    for k in range(2, looks + 1):
        density = np.clip(signal.fftconvolve(density, kernel, mode="same"), 0.0, None)
        inside = np.abs(x) < crit * np.sqrt(k)
        rejected += float(density[~inside].sum() * _STEP)
        density = np.where(inside, density, 0.0)
    return float(min(rejected, 1.0))
