"""Bad configs and bad data get one clear error naming the file, line, column or metric."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dayone.wbr import ConfigError, DataError, build_deck, load_config, parse_config

from .conftest import daily, write_csv

WE = dt.date(2021, 9, 25)
START = dt.date(2021, 1, 1)


def _data(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "d.csv", daily(START, (WE - START).days + 1))


def test_yaml_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("dayone_wbr: 1\nmetrics:\n  orders: {column: Orders\ndeck: []\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value)
    assert err.value.line is not None and err.value.line >= 3


def test_unknown_column_names_metric_and_line(tmp_path: Path) -> None:
    config = parse_config(
        "dayone_wbr: 1\nmetrics:\n  orders: {column: Nope}\ndeck:\n  - chart: orders\n",
        file="c.yaml",
    )
    with pytest.raises(ConfigError, match=r"c.yaml:3: metric 'orders': unknown column 'Nope'"):
        build_deck(config, _data(tmp_path))


def test_unknown_metric_reference() -> None:
    with pytest.raises(ConfigError, match=r"unknown metric 'missing'") as err:
        parse_config(
            "dayone_wbr: 1\nmetrics:\n  a: {column: A}\n  r: {ratio: [a, missing]}\ndeck: []\n"
        )
    assert err.value.line == 4


def test_circular_reference() -> None:
    with pytest.raises(ConfigError, match=r"circular metric reference: a -> b -> a"):
        parse_config("dayone_wbr: 1\nmetrics:\n  a: {sum: [b, b]}\n  b: {sum: [a, a]}\ndeck: []\n")


def test_invalid_week_ending_in_wbr_app_config() -> None:
    with pytest.raises(ConfigError, match=r"invalid week ending '31-FOO-2021'") as err:
        parse_config("setup:\n  week_ending: 31-FOO-2021\nmetrics: {}\ndeck: []\n")
    assert err.value.line == 2


def test_week_ending_on_the_wrong_weekday(tmp_path: Path) -> None:
    config = parse_config("dayone_wbr: 1\nmetrics:\n  o: {column: Orders}\ndeck:\n  - chart: o\n")
    with pytest.raises(ConfigError, match="invalid week ending 2021-09-24: it is a Friday"):
        build_deck(config, _data(tmp_path), week_ending=dt.date(2021, 9, 24))


def test_missing_date_column(tmp_path: Path) -> None:
    path = tmp_path / "nodate.csv"
    path.write_text("Day_of,Orders\n2021-01-01,3\n")
    config = parse_config("dayone_wbr: 1\nmetrics:\n  o: {column: Orders}\ndeck:\n  - chart: o\n")
    with pytest.raises(DataError, match="no date column") as err:
        build_deck(config, path)
    assert err.value.line == 1


def test_unparseable_value_names_line(tmp_path: Path) -> None:
    rows = daily(START, 30)
    rows[9] = (rows[9][0], "12x")
    data = write_csv(tmp_path / "bad.csv", rows)
    config = parse_config("dayone_wbr: 1\nmetrics:\n  o: {column: Orders}\ndeck:\n  - chart: o\n")
    with pytest.raises(
        DataError, match=r"bad.csv:11: value '12x' in column 'Orders' is not a number"
    ):
        build_deck(config, data)


def test_unparseable_date_names_line(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Date,Orders\n2021-01-01,1\n2021-13-45,2\n")
    config = parse_config("dayone_wbr: 1\nmetrics:\n  o: {column: Orders}\ndeck:\n  - chart: o\n")
    with pytest.raises(DataError, match=r"d.csv:3: cannot read the date '2021-13-45'"):
        build_deck(config, path)


def test_duplicate_dates_name_both_lines(tmp_path: Path) -> None:
    rows = daily(START, 20)
    rows.insert(5, rows[3])
    data = write_csv(tmp_path / "dup.csv", rows)
    config = parse_config("dayone_wbr: 1\nmetrics:\n  o: {column: Orders}\ndeck:\n  - chart: o\n")
    with pytest.raises(DataError, match=r"duplicate date 2021-01-04 \(lines 5, 7\)"):
        build_deck(config, data)


def test_unsorted_wide_rows_give_the_same_deck(tmp_path: Path) -> None:
    rows = [(d, float(d.toordinal() % 17)) for d, _ in daily(START, (WE - START).days + 1)]
    ordered = write_csv(tmp_path / "a.csv", rows)
    shuffled = write_csv(tmp_path / "b.csv", rows[1::2] + rows[0::2])
    config = parse_config("dayone_wbr: 1\nmetrics:\n  o: {column: Orders}\ndeck:\n  - chart: o\n")
    a = build_deck(config, ordered, week_ending=WE, forecast=False).metric("o")
    b = build_deck(config, shuffled, week_ending=WE, forecast=False).metric("o")
    assert a.weekly == b.weekly and a.box == b.box and a.monthly == b.monthly
