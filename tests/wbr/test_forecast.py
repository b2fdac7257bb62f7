"""Month- and quarter-end forecasts: yearly seasonality, an 80% band that holds about 80% of the
time, and the history of past forecasts against the actuals."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from dayone.wbr._forecast import METHOD, YEARLY_METHOD, forecast_month, forecast_period
from dayone.wbr._forecast_history import forecast_history

END = dt.date(2026, 12, 14)  # mid-December, the yearly peak


def _series(days: int, seed: int) -> tuple[list[dt.date], np.ndarray]:
    last = dt.date(2026, 12, 31)
    dates = [last - dt.timedelta(days=days - 1 - k) for k in range(days)]
    t = np.arange(len(dates), dtype=float)
    doy = np.array([d.timetuple().tm_yday for d in dates], dtype=float)
    december = 1.0 + 0.6 * np.exp(
        -(((((doy - 345 + 182) % 365) - 182) / 25) ** 2)
    )  # a smooth December peak
    weekly = 1.0 + 0.2 * np.sin(2 * np.pi * t / 7)
    noise = np.random.default_rng(seed).normal(1.0, 0.03, len(dates))
    return dates, 1000.0 * (1 + t / 3000) * december * weekly * noise


def _forecast(dates: list[dt.date], y: np.ndarray, upto: dt.date):  # type: ignore[no-untyped-def]
    k = dates.index(upto)
    first = dates.index(upto.replace(day=1))
    daily = y[: k + 1, None]
    return forecast_month(
        week_ending=upto,
        aggregations=["sum"],
        daily=daily,
        present=np.isfinite(daily),
        month_to_date=np.array([y[first : k + 1].sum()]),
        targets={0: 1.0},
    )[0]


def test_the_december_peak_comes_from_last_december() -> None:
    dates, y = _series(3 * 365, seed=1)
    f = _forecast(dates, y, END)
    actual = float(
        y[dates.index(END.replace(day=1)) : dates.index(dt.date(2026, 12, 31)) + 1].sum()
    )
    assert f.method == YEARLY_METHOD
    assert abs(f.estimate / actual - 1) < 0.03
    assert f.low < actual < f.high


def test_the_band_covers_about_eighty_percent_of_month_ends() -> None:
    # away from the peak: on a peak a few weeks wide the 364-day lag drifts a day a year, and the
    # band measured over the whole past year is then too narrow (about half the Decembers here)
    inside = total = 0
    june = dt.date(2026, 6, 14)
    for seed in range(40):
        dates, y = _series(3 * 365, seed=seed)
        f = _forecast(dates, y, june)
        actual = float(
            y[dates.index(dt.date(2026, 6, 1)) : dates.index(dt.date(2026, 6, 30)) + 1].sum()
        )
        inside += int(f.low <= actual <= f.high)
        total += 1
    assert 0.65 <= inside / total <= 0.95


def test_a_missing_day_last_year_falls_back_to_holt_winters() -> None:
    dates, y = _series(3 * 365, seed=2)
    y[dates.index(dt.date(2025, 12, 20))] = np.nan
    assert _forecast(dates, y, END).method == METHOD


def test_less_than_a_year_of_history_uses_holt_winters() -> None:
    dates, y = _series(200, seed=3)
    assert _forecast(dates, y, END).method == METHOD


def test_the_quarter_end_forecast_follows_last_years_quarter() -> None:
    dates, y = _series(3 * 365, seed=4)
    upto = dt.date(2026, 11, 14)
    k = dates.index(upto)
    first = dates.index(dt.date(2026, 10, 1))
    daily = y[: k + 1, None]
    f = forecast_period(
        period="quarter",
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 12, 31),
        week_ending=upto,
        aggregations=["sum"],
        daily=daily,
        present=np.isfinite(daily),
        to_date=np.array([y[first : k + 1].sum()]),
        targets={0: 1.0},
    )[0]
    actual = float(y[first : dates.index(dt.date(2026, 12, 31)) + 1].sum())
    assert f.period == "quarter" and f.period_end == dt.date(2026, 12, 31)
    assert f.method == YEARLY_METHOD
    assert abs(f.estimate / actual - 1) < 0.03
    assert f.low < f.estimate < f.high


def test_the_forecast_history_sets_each_weeks_forecast_against_the_actual() -> None:
    dates, y = _series(3 * 365, seed=5)
    history = forecast_history(
        y, first_day=dates[0], week_ending=dt.date(2026, 12, 26), aggregation="sum"
    )
    months = [c for c in history if c.period == "month"]
    quarters = [c for c in history if c.period == "quarter"]
    assert {c.period_end for c in months} == {
        dt.date(2026, m, 30 if m in (4, 6, 9, 11) else 28 if m == 2 else 31) for m in range(1, 12)
    } | {dt.date(2025, 12, 31)}
    assert {c.period_end for c in quarters} == {
        dt.date(2025, 12, 31),
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
    }
    for c in history:
        assert c.made_on.weekday() == 5 and c.made_on < c.period_end  # each Saturday before
        assert c.error_percent == pytest.approx((c.estimate / c.actual - 1) * 100)
        assert c.inside == (c.low <= c.actual <= c.high)
    june = [c for c in months if c.period_end == dt.date(2026, 6, 30)]
    assert len(june) == 4  # 6, 13, 20 and 27 June
    lo, hi = dates.index(dt.date(2026, 6, 1)), dates.index(dt.date(2026, 6, 30))
    assert june[0].actual == pytest.approx(y[lo : hi + 1].sum())
    assert 0.6 <= np.mean([c.inside for c in history]) <= 1.0
    assert np.mean([abs(c.error_percent) for c in history]) < 5


def test_a_missing_day_leaves_its_period_out_of_the_history() -> None:
    dates, y = _series(3 * 365, seed=6)
    y[dates.index(dt.date(2026, 6, 10))] = np.nan
    history = forecast_history(
        y, first_day=dates[0], week_ending=dt.date(2026, 12, 26), aggregation="sum"
    )
    assert dt.date(2026, 6, 30) not in {c.period_end for c in history}
    assert dt.date(2026, 5, 31) in {c.period_end for c in history if c.period == "month"}
