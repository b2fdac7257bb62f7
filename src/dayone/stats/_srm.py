"""Sample-ratio mismatch: is the observed split of units the one the weights asked for?"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import special

from dayone.stats._errors import InvalidStatsError, SampleRatioMismatchWarning
from dayone.stats._sufficient import _array, _counts, _number

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    from dayone.stats._sufficient import FloatArray

DEFAULT_SRM_THRESHOLD = 0.001


@dataclass(frozen=True, eq=False)
class SrmResult:
    """Chi-square goodness-of-fit test of the units per variant against the weights.

    Arrays have the leading shape of ``users`` without its last (variant) axis; ``expected``
    keeps the variant axis. ``mismatch`` is true where ``p_value < threshold``.
    """

    statistic: FloatArray
    p_value: FloatArray
    expected: FloatArray
    threshold: float
    mismatch: NDArray[np.bool_]

    @property
    def any_mismatch(self) -> bool:
        """Whether any split is mismatched."""
        return bool(np.any(self.mismatch))


def srm_check(
    users: ArrayLike,
    weights: ArrayLike,
    *,
    threshold: float = DEFAULT_SRM_THRESHOLD,
    warn: bool = True,
) -> SrmResult:
    """Test the observed units per variant against the configured weights.

    ``users`` has shape ``(..., variants)`` (for example one row per dimension value);
    ``weights`` has one positive entry per variant and is normalised. The statistic is
    Pearson's chi-square with ``variants - 1`` degrees of freedom, the same as
    ``scipy.stats.chisquare`` and gbstats' ``check_srm``. When any p-value falls below
    ``threshold`` a :class:`SampleRatioMismatchWarning` is emitted (unless ``warn=False``):
    a mismatch means the experiment's results cannot be trusted.

    >>> r = srm_check([5000, 5100], [0.5, 0.5])
    >>> round(float(r.p_value), 4), bool(r.mismatch)
    (0.3197, False)
    """
    observed = _counts("srm_check", "users", users)
    w = _array("srm_check", "weights", weights)
    if w.ndim != 1 or w.shape[0] != observed.shape[-1]:
        raise InvalidStatsError(
            f"weights must have one entry per variant ({observed.shape[-1]}), got shape {w.shape}"
        )
    if w.shape[0] < 2:
        raise InvalidStatsError("srm_check needs at least 2 variants")
    if np.any(w <= 0):
        raise InvalidStatsError("weights must all be positive")
    if not 0 < _number("threshold", threshold) < 1:
        raise InvalidStatsError(f"threshold must lie strictly between 0 and 1, got {threshold!r}")
    total = observed.sum(axis=-1, keepdims=True)
    expected = w / w.sum() * total
    safe_expected = np.where(expected > 0, expected, 1.0)
    statistic = np.sum((observed - expected) ** 2 / safe_expected, axis=-1)
    p_value = np.where(total[..., 0] > 0, special.chdtrc(w.shape[0] - 1, statistic), 1.0)
    mismatch = np.asarray(p_value < threshold, dtype=np.bool_)
    if warn and np.any(mismatch):
        worst = float(np.min(p_value))
        warnings.warn(
            f"SAMPLE RATIO MISMATCH: units per variant {observed.tolist()} do not match the "
            f"weights {w.tolist()} (chi-square p = {worst:.3g} < {threshold}). Assignment or "
            "exposure logging is broken; do not trust this experiment's results.",
            SampleRatioMismatchWarning,
            stacklevel=2,
        )
    return SrmResult(
        statistic=np.asarray(statistic, dtype=np.float64),
        p_value=np.asarray(p_value, dtype=np.float64),
        expected=np.asarray(expected, dtype=np.float64),
        threshold=float(threshold),
        mismatch=mismatch,
    )
