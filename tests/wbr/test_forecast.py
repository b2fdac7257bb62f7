"""Month-end forecasts: yearly seasonality, and an 80% band that holds about 80% of the time."""

from __future__ import annotations

import datetime as dt

import numpy as np

from dayone.wbr._forecast import METHOD, YEARLY_METHOD, forecast_month

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
