"""The fiscal year's months: on a 12-month table when asked, and the current month to date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dayone.wbr import (
    ConfigError,
    TablePanel,
    build_deck,
    config_to_yaml,
    load_config,
    parse_config,
)

from .anchors import SCENARIOS
from .conftest import daily, write_csv

WE = dt.date(2021, 9, 25)  # a Saturday
START = dt.date(2019, 1, 1)

CONFIG = """\
dayone_wbr: 1
week_ending: 2021-09-25
fiscal_year_end: june
metrics:
  orders: {{column: Orders}}
deck:
  - chart: {{metrics: [orders], monthly_axis: fiscal_year}}
  - months_table:
      title: Orders by month
{axis}      rows:
        - {{metric: orders}}
"""


def _table(deck: object) -> TablePanel:
    return next(p for p in deck.panels if isinstance(p, TablePanel))  # type: ignore[attr-defined]


def _deck(tmp_path: Path, axis: str) -> object:
    data = write_csv(tmp_path / "d.csv", daily(START, (WE - START).days + 1))
    return build_deck(parse_config(CONFIG.format(axis=axis)), data, forecast=False)


def test_a_months_table_on_the_fiscal_axis_shows_the_fiscal_years_months(tmp_path: Path) -> None:
    deck = _deck(tmp_path, "      monthly_axis: fiscal_year\n")
    table = _table(deck)
    assert table.monthly_axis == "fiscal_year"
    assert table.headers == (
        "Jul",
        "Aug",
        "Sep MTD",
        "Oct",
        "Nov",
        "Dec",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
    )
    # July and August whole, September to the 25th, the months after the week ending missing
    assert table.rows[0].values == (310.0, 310.0, 250.0, *(None,) * 9)


def test_a_months_table_without_an_axis_shows_the_trailing_twelve_months(tmp_path: Path) -> None:
    table = _table(_deck(tmp_path, ""))
    assert table.monthly_axis == "trailing_twelve_months"
    assert table.headers[0] == "Sep" and table.headers[-1] == "Aug"
    assert table.rows[0].values[-1] == 310.0  # August 2021, the last month that has ended


def test_the_current_fiscal_month_shows_month_to_date(tmp_path: Path) -> None:
    deck = _deck(tmp_path, "")
    fiscal = deck.metric("orders").fiscal  # type: ignore[attr-defined]
    assert fiscal.to_date == WE
    assert fiscal.current[2] == 250.0 == deck.metric("orders").box.mtd  # type: ignore[attr-defined]
    assert fiscal.prior[2] == 300.0  # last September whole
    yoy = build_deck(
        parse_config(CONFIG.format(axis="").replace("[orders]", "['orders:yoy']")),
        tmp_path / "d.csv",
        forecast=False,
    ).metric("orders:yoy")
    # month to date against last year's same days, not against last year's whole month
    assert yoy.fiscal.current[2] == pytest.approx(0.0)


def test_the_table_axis_survives_writing_the_config_back(tmp_path: Path) -> None:
    config = parse_config(CONFIG.format(axis="      monthly_axis: fiscal_year\n"))
    again = parse_config(config_to_yaml(config))
    assert again.blocks[1].monthly_axis == "fiscal_year"  # type: ignore[union-attr]


def test_a_weeks_table_refuses_a_monthly_axis_by_line() -> None:
    text = CONFIG.replace("months_table", "weeks_table").format(
        axis="      monthly_axis: fiscal_year\n"
    )
    with pytest.raises(ConfigError, match="monthly_axis"):
        parse_config(text)


@pytest.mark.skipif(not SCENARIOS.is_dir(), reason="shared/anchors/wbr-app is absent")
def test_wbr_app_months_table_with_x_axis_monthly_display_fiscal_year(tmp_path: Path) -> None:
    folder = SCENARIOS / "scenario_9"
    text = (folder / "config.yaml").read_text()
    assert "ui_type: 12_MonthsTable" in text
    fiscal = text.replace(
        "ui_type: 12_MonthsTable",
        "ui_type: 12_MonthsTable\n      x_axis_monthly_display: fiscal_year",
    )
    (tmp_path / "config.yaml").write_text(fiscal)
    trailing = build_deck(
        load_config(folder / "config.yaml"), folder / "original.csv", forecast=False
    )
    deck = build_deck(
        load_config(tmp_path / "config.yaml"), folder / "original.csv", forecast=False
    )
    table, before = _table(deck), _table(trailing)
    assert table.headers[:8] == ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug")
    assert table.headers[8:] == ("Sep MTD", "Oct", "Nov", "Dec")
    for row, old in zip(table.rows, before.rows, strict=True):
        if row.key is None:
            continue
        assert row.values == deck.metric(row.key).fiscal.current
        # January to August 2021 are the last eight of the trailing twelve months
        assert row.values[:8] == old.values[4:]
        assert row.values[9:] == (None, None, None)
