"""Signals judge each week against what trend and yearly seasonality expected for it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from dayone.demo import INCIDENTS, generate_daily
from dayone.wbr import ChartBlock, ChartLine, Metric, WbrConfig, build_deck
from dayone.wbr._expected import expected_signals

WEEKS = 140
SHOWN = 6
ENDS = tuple(dt.date(2026, 11, 28) - dt.timedelta(days=7 * (SHOWN - 1 - i)) for i in range(SHOWN))


def _series(seed: int = 3, noise: float = 0.02) -> np.ndarray:
    """Weekly values that grow 30% a year, with a holiday peak and a summer dip, and noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(WEEKS)
    season = 0.25 * np.sin(2 * np.pi * t / 52) + 0.5 * np.exp(-(((t % 52) - 47) ** 2) / 3)
    return np.exp(np.log(5_000) + t / 52 * np.log(1.3) + season + rng.normal(0, noise, WEEKS))


def test_trend_and_season_are_not_signals() -> None:
    window = np.column_stack([_series(seed) for seed in range(20)])
    limits, signals = expected_signals(window, week_ends=ENDS)
    flagged = sum(len(s) for s in signals)
    assert flagged <= 1  # 120 judged weeks of growth and seasonality, at most one flag
    assert all(lim is not None for lim in limits)


def test_a_spike_is_flagged_with_what_was_expected_and_why() -> None:
    clean = _series()
    spiked = clean.copy()
    spiked[-1] *= 1.25
    limits, signals = expected_signals(np.column_stack([clean, spiked]), week_ends=ENDS)
    assert signals[0] == ()
    (signal,) = signals[1]
    assert signal.week_ending == ENDS[-1]
    assert signal.rule == "above_expected"
    assert signal.value == pytest.approx(spiked[-1])
    assert signal.expected == pytest.approx(clean[-1], rel=0.06)
    assert signal.sigmas is not None and signal.sigmas > 3.5
    assert "sigma above what late November usually brings" in signal.reason
    lim = limits[1]
    assert lim is not None and lim.lower < lim.center < lim.upper < spiked[-1]


def test_the_baseline_excludes_the_weeks_being_judged() -> None:
    clean = _series()
    disturbed = clean.copy()
    disturbed[-SHOWN:-1] *= 3.0  # five judged weeks way off
    limits, signals = expected_signals(np.column_stack([clean, disturbed]), week_ends=ENDS)
    assert limits[0] == limits[1]  # the last week's expectation did not move
    assert [s.week_ending for s in signals[1]] == list(ENDS[:-1])


def test_a_drop_is_below_expected_and_values_may_be_negative() -> None:
    values = _series() - 5_000.0  # crosses zero: modelled on values, not logarithms
    values[-1] -= 3_000
    _, signals = expected_signals(values[:, None], week_ends=ENDS)
    assert [s.rule for s in signals[0]] == ["below_expected"]


def test_too_little_history_gives_no_limits() -> None:
    window = _series()[-70:, None]
    assert expected_signals(window, week_ends=ENDS) == ([None], [()])


def test_the_demo_checkout_outage_is_flagged_in_its_week() -> None:
    end = dt.date(2026, 11, 28)
    table = generate_daily(end=end, years=3)
    config = WbrConfig(
        title="Demo",
        metrics=(
            Metric(name="payment_failures", column="payment_failures"),
            Metric(name="checkout_starts", column="checkout_starts"),
            Metric(
                name="payment_failure_rate",
                operation="ratio",
                operands=("payment_failures", "checkout_starts"),
            ),
        ),
        blocks=(ChartBlock(title="Failures", lines=(ChartLine(metric="payment_failure_rate"),)),),
    )
    outage = next(i for i in INCIDENTS if i.key == "checkout-outage")
    deck = build_deck(config, table, week_ending=end, forecast=False)
    weeks = [s.week_ending for s in deck.metrics["payment_failure_rate"].signals]
    assert end in weeks and outage.first_day(end) > end - dt.timedelta(days=7)


def _cliff(last_cliff: float, seed: int = 5) -> np.ndarray:
    """A quiet rate (0.2% noise) that falls 40% for one week a year, like the week after the
    last shipping day; this year the week is ``last_cliff`` of its usual level."""
    rng = np.random.default_rng(seed)
    y = 0.04 * np.exp(rng.normal(0, 0.002, WEEKS))
    cliff = np.arange(WEEKS) % 52 == (WEEKS - 1) % 52
    y[cliff] *= 0.6
    y[-1] = y[-1] / 0.6 * last_cliff
    return y


def test_a_steep_season_a_day_out_of_step_is_not_a_signal() -> None:
    # a day out of step, the fall is 34% instead of 40%: 30 standard deviations of routine
    # variation, but within what a day's shift of so steep a week can bring
    limits, signals = expected_signals(_cliff(0.66)[:, None], week_ends=ENDS)
    assert signals[0] == ()
    lim = limits[0]
    assert lim is not None and lim.lower < 0.04 * 0.66 < lim.upper


def test_the_same_change_in_a_calm_week_is_a_signal() -> None:
    y = _cliff(0.6)
    y[-3] *= 1.10  # two weeks before the fall: calm last year on both sides
    _, signals = expected_signals(y[:, None], week_ends=ENDS)
    assert [s.week_ending for s in signals[0]] == [ENDS[-3]]
