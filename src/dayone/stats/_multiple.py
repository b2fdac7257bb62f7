"""Multiple-testing correction of p-values: Holm and Benjamini-Hochberg."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from dayone.stats._errors import InvalidStatsError
from dayone.stats._sufficient import _array

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from dayone.stats._sufficient import FloatArray

Correction = Literal["holm", "bh"]


def _holm(p: FloatArray) -> FloatArray:
    m = p.shape[-1]
    order = np.argsort(p, axis=-1, kind="stable")
    ranked = np.take_along_axis(p, order, axis=-1)
    factors = m - np.arange(m)
    adjusted = np.minimum(np.maximum.accumulate(ranked * factors, axis=-1), 1.0)
    out = np.empty_like(p)
    np.put_along_axis(out, order, adjusted, axis=-1)
    return out


def _benjamini_hochberg(p: FloatArray) -> FloatArray:
    m = p.shape[-1]
    order = np.argsort(p, axis=-1, kind="stable")
    ranked = np.take_along_axis(p, order, axis=-1)
    scaled = ranked * m / np.arange(1, m + 1)
    adjusted = np.minimum(np.minimum.accumulate(scaled[..., ::-1], axis=-1)[..., ::-1], 1.0)
    out = np.empty_like(p)
    np.put_along_axis(out, order, adjusted, axis=-1)
    return out


def adjust_p_values(
    p_values: ArrayLike, *, method: Correction = "holm", axis: int | None = None
) -> FloatArray:
    """Adjust p-values for multiple comparisons.

    ``method="holm"`` controls the family-wise error rate (Holm-Bonferroni step-down);
    ``method="bh"`` controls the false discovery rate (Benjamini-Hochberg step-up). The
    family is every entry (``axis=None``, the default: all metrics x variants) or each slice
    along ``axis``. Compare adjusted p-values with the unadjusted alpha.

    >>> adjust_p_values([0.01, 0.04, 0.03], method="holm").round(4).tolist()
    [0.03, 0.06, 0.06]
    >>> adjust_p_values([0.01, 0.04, 0.03], method="bh").round(4).tolist()
    [0.03, 0.04, 0.04]
    """
    p = _array("adjust_p_values", "p_values", p_values)
    if np.any((p < 0) | (p > 1)):
        raise InvalidStatsError("p_values must lie between 0 and 1")
    if method == "holm":
        fn = _holm
    elif method == "bh":
        fn = _benjamini_hochberg
    else:
        raise InvalidStatsError(f"method must be 'holm' or 'bh', got {method!r}")
    if axis is None:
        return fn(p.reshape(-1)).reshape(p.shape)
    if not -p.ndim <= axis < p.ndim:
        raise InvalidStatsError(f"axis {axis} is out of range for p_values of shape {p.shape}")
    return np.moveaxis(fn(np.moveaxis(p, axis, -1)), -1, axis)
