"""Guardrail metrics: flag variants that significantly harm a metric that must not degrade."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

from dayone.stats._compare import Status
from dayone.stats._errors import InvalidStatsError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    from dayone.stats._bayesian import BayesianResult
    from dayone.stats._frequentist import FrequentistResult


class GuardrailStatus(StrEnum):
    """How a variant stands on a guardrail metric."""

    SAFE = "safe"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    NOT_ENOUGH_DATA = "not_enough_data"


def guardrail_breaches(
    result: FrequentistResult | BayesianResult,
    *,
    inverse: bool | ArrayLike = False,
    margin: float | ArrayLike = 0.0,
) -> NDArray[np.str_]:
    """Classify each variant on guardrail metrics from the interval of its effect.

    Harm is a decrease (an increase where ``inverse`` is true, such as latency or refunds).
    ``margin`` is the tolerated harm, in the units of the effect (a relative lift when the
    test was relative), and must not be negative.

    - ``breached``: the whole interval lies beyond the tolerated harm;
    - ``at_risk``: the interval reaches beyond the tolerated harm but not entirely;
    - ``safe``: the interval rules out harm beyond the margin;
    - ``not_enough_data``: the comparison could not be computed.

    ``inverse`` and ``margin`` broadcast against the result (e.g. one per metric, shape
    ``(metrics, 1)``).
    """
    inv = np.asarray(inverse, dtype=np.bool_)
    tol = np.asarray(margin, dtype=np.float64)
    if not np.all(np.isfinite(tol)) or np.any(tol < 0):
        raise InvalidStatsError("margin must be finite and not negative")
    # Express the interval so that negative means harm.
    low = np.where(inv, -result.ci_high, result.ci_low)
    high = np.where(inv, -result.ci_low, result.ci_high)
    out = np.full(np.broadcast(low, tol).shape, GuardrailStatus.SAFE.value, dtype="<U16")
    out[np.broadcast_to(low < -tol, out.shape)] = GuardrailStatus.AT_RISK.value
    out[np.broadcast_to(high < -tol, out.shape)] = GuardrailStatus.BREACHED.value
    out[np.broadcast_to(result.status != Status.OK.value, out.shape)] = (
        GuardrailStatus.NOT_ENOUGH_DATA.value
    )
    return out
