"""The error rate of a fixed-horizon test read early, against published values and a
simulation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import special

from dayone import stats

# Armitage, McPherson and Rowe (1969), Table 2: repeated significance tests at 5%, two-sided
PUBLISHED = {1: 0.05, 2: 0.083, 3: 0.107, 4: 0.126, 5: 0.142, 10: 0.193, 20: 0.248, 50: 0.320}


@pytest.mark.parametrize(("looks", "rate"), PUBLISHED.items())
def test_matches_the_published_table(looks: int, rate: float) -> None:
    assert stats.peeking_false_positive_rate(looks=looks) == pytest.approx(rate, abs=0.0015)


def test_matches_a_simulation_at_another_level() -> None:
    rng = np.random.default_rng(7)
    looks, alpha = 12, 0.1
    z = np.cumsum(rng.standard_normal((200_000, looks)), axis=1) / np.sqrt(np.arange(1, looks + 1))
    simulated = float((np.abs(z) >= special.ndtri(1 - alpha / 2)).any(axis=1).mean())
    exact = stats.peeking_false_positive_rate(looks=looks, alpha=alpha)
    assert exact == pytest.approx(simulated, abs=0.004)


def test_grows_with_every_look_and_refuses_nonsense() -> None:
    rates = [stats.peeking_false_positive_rate(looks=k) for k in range(1, 30)]
    assert all(a < b for a, b in itertools.pairwise(rates))
    for bad in (0, 401, 2.5, True):
        with pytest.raises(stats.InvalidStatsError, match="looks"):
            stats.peeking_false_positive_rate(looks=bad)
    with pytest.raises(stats.InvalidStatsError):
        stats.peeking_false_positive_rate(looks=3, alpha=1.5)
