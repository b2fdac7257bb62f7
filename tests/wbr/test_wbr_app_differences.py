"""The five places where the WBR app is wrong, and what dayone does instead (docs/wbr.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dayone.wbr import build_deck, load_config, parse_config

from .conftest import daily, write_csv

WE = dt.date(2021, 9, 25)  # a Saturday
START = dt.date(2020, 1, 1)


def test_unsorted_rows_aggregate_filter_metrics_by_date(tmp_path: Path) -> None:
    """Bug 1: the WBR app mis-aggregates filter metrics when the CSV is not in date order."""
    config = parse_config(
        "dayone_wbr: 1\nweek_ending: 2021-09-25\nmetrics:\n"
        "  us: {column: Orders, aggregation: sum, where: \"Country == 'US'\"}\n"
        "deck:\n  - chart: us\n"
    )
    rows = []
    for i in range((WE - START).days + 1):
        day = START + dt.timedelta(days=i)
        rows.append(f"{day.isoformat()},{day.day},US")
        rows.append(f"{day.isoformat()},1000,UK")
    shuffled = rows[::-1]  # newest first: not in date order
    path = tmp_path / "long.csv"
    path.write_text("Date,Orders,Country\n" + "\n".join(shuffled) + "\n")
    deck = build_deck(config, path, forecast=False)
    last_week = [WE - dt.timedelta(days=i) for i in range(7)]
    assert deck.metric("us").box.last_week == sum(d.day for d in last_week)


def test_missing_day_makes_a_six_day_week_marked_incomplete(tmp_path: Path) -> None:
    """Bug 2: a missing day silently gives a 6-day week in the WBR app."""
    rows = [r for r in daily(START, (WE - START).days + 1) if r[0] != dt.date(2021, 9, 22)]
    data = write_csv(tmp_path / "gap.csv", rows)
    config = parse_config(
        "dayone_wbr: 1\nweek_ending: 2021-09-25\nmetrics:\n  orders: {column: Orders}\ndeck:\n  - chart: orders\n"
    )
    deck = build_deck(config, data, forecast=False)
    result = deck.metric("orders")
    assert result.weekly.current[-1] == 60.0  # the six days present
    assert result.weekly.missing[-1] == (dt.date(2021, 9, 22),)
    assert result.weekly.current[-2] == 70.0
    assert result.weekly.missing[-2] == ()
    assert result.box.mtd == 240.0
    assert result.box.missing[3] == (dt.date(2021, 9, 22),)
    warning = next(w for w in deck.warnings if w.metric == "orders")
    assert warning.dates == (dt.date(2021, 9, 22),)
    assert "2021-09-22" in warning.message and "incomplete" in warning.message


def test_blank_value_is_left_out_of_the_box_not_zero(tmp_path: Path) -> None:
    """Bug 3: a blank value turns box totals into 0 in the WBR app."""
    rows = daily(START, (WE - START).days + 1)
    rows = [(d, None if d == dt.date(2021, 9, 24) else v) for d, v in rows]
    data = write_csv(tmp_path / "blank.csv", rows)
    config = parse_config(
        "dayone_wbr: 1\nweek_ending: 2021-09-25\nmetrics:\n  orders: {column: Orders}\ndeck:\n  - chart: orders\n"
    )
    box = build_deck(config, data, forecast=False).metric("orders").box
    assert box.last_week == 60.0
    assert box.mtd == 240.0 and box.qtd == 860.0 and box.ytd == 2670.0
    assert box.mtd_yoy == pytest.approx(-4.0)  # 24 days of 25 against last year's 25
    assert all(cells == (dt.date(2021, 9, 24),) for cells in box.missing)


def test_rows_after_the_week_ending_do_not_leak_into_the_month(tmp_path: Path) -> None:
    """Bug 4: data after the week ending leaks into the current month in the WBR app."""
    rows = daily(START, (dt.date(2021, 10, 31) - START).days + 1)
    data = write_csv(tmp_path / "late.csv", rows)
    config = parse_config(
        "dayone_wbr: 1\nweek_ending: 2021-09-25\nmonthly_axis: fiscal_year\n"
        "metrics:\n  orders: {column: Orders}\ndeck:\n  - chart: orders\n"
    )
    deck = build_deck(config, data, forecast=False)
    result = deck.metric("orders")
    assert result.box.mtd == 25 * 10.0
    assert result.fiscal.current[7] == 31 * 10.0  # August, complete
    assert result.fiscal.current[8] == 25 * 10.0  # September to date: no row after the 25th
    assert result.fiscal.to_date == dt.date(2021, 9, 25)
    assert result.fiscal.current[9] is None  # October is after the week ending
    assert any("not used" in w.message for w in deck.warnings)


def test_week_53_is_shown(tmp_path: Path) -> None:
    """Bug 5: the WBR app wraps week numbers at 52, so week 53 cannot be shown."""
    start = dt.date(2022, 1, 1)
    week_ending = dt.date(2024, 1, 6)  # fiscal 2023 (ending December) has 53 Saturday weeks
    data = write_csv(tmp_path / "w53.csv", daily(start, (week_ending - start).days + 1))
    config = parse_config(
        "dayone_wbr: 1\nmetrics:\n  orders: {column: Orders}\ndeck:\n  - chart: orders\n"
    )
    deck = build_deck(config, data, week_ending=week_ending, forecast=False)
    assert deck.week_number == 53
    assert deck.metric("orders").weekly.labels == (
        "wk 48",
        "wk 49",
        "wk 50",
        "wk 51",
        "wk 52",
        "wk 53",
    )


def test_wbr_app_config_with_declared_week_number_wraps_at_real_year_length(tmp_path: Path) -> None:
    start = dt.date(2022, 1, 1)
    data = write_csv(tmp_path / "w.csv", daily(start, (dt.date(2024, 1, 13) - start).days + 1))
    text = (
        "setup:\n  week_ending: 13-JAN-2024\n  week_number: 1\n"
        "metrics:\n  Orders:\n    column: Orders\n    aggf: sum\n"
        "deck:\n  - block:\n      ui_type: 6_12Graph\n      title: Orders\n"
        "      metrics:\n        Orders:\n          line_style: primary\n"
    )
    path = tmp_path / "c.yaml"
    path.write_text(text)
    deck = build_deck(load_config(path), data, forecast=False)
    assert deck.metric("Orders").weekly.labels[-2:] == ("wk 53", "wk 1")
