"""Experiment statistics, vectorised across metrics and variants.

Sufficient statistics go in (arrays shaped ``(..., variants)``), results come out as arrays
shaped ``(..., variants - 1)``: one entry per variant compared with the baseline.

Exception tree::

    StatError
     └── InvalidStatsError (also a ValueError)

Warnings: ``SampleRatioMismatchWarning`` (a ``UserWarning``).
"""

from dayone.stats._bayesian import BayesianResult, GaussianPrior, bayesian_test
from dayone.stats._compare import Comparison, Status, compare
from dayone.stats._errors import InvalidStatsError, SampleRatioMismatchWarning, StatError
from dayone.stats._frequentist import FrequentistResult, ttest
from dayone.stats._guardrails import GuardrailStatus, guardrail_breaches
from dayone.stats._multiple import Correction, adjust_p_values
from dayone.stats._peeking import peeking_false_positive_rate
from dayone.stats._power import minimum_detectable_effect, power, sample_size
from dayone.stats._sequential import sequential_rho, sequential_test
from dayone.stats._srm import SrmResult, srm_check
from dayone.stats._sufficient import (
    BaseStats,
    CupedStats,
    MeanStats,
    ProportionStats,
    QuantileStats,
    RatioStats,
    SufficientStats,
)

__all__ = [
    "BaseStats",
    "BayesianResult",
    "Comparison",
    "Correction",
    "CupedStats",
    "FrequentistResult",
    "GaussianPrior",
    "GuardrailStatus",
    "InvalidStatsError",
    "MeanStats",
    "ProportionStats",
    "QuantileStats",
    "RatioStats",
    "SampleRatioMismatchWarning",
    "SrmResult",
    "StatError",
    "Status",
    "SufficientStats",
    "adjust_p_values",
    "bayesian_test",
    "compare",
    "guardrail_breaches",
    "minimum_detectable_effect",
    "peeking_false_positive_rate",
    "power",
    "sample_size",
    "sequential_rho",
    "sequential_test",
    "srm_check",
    "ttest",
]
