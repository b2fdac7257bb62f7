"""``dayone wbr`` end to end through typer's CliRunner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from dayone.cli import app

from .conftest import daily, write_csv

runner = CliRunner()
START = dt.date(2020, 1, 1)
WE = dt.date(2021, 9, 25)


def _data(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "daily.csv", daily(START, (WE - START).days + 1, 5.0))


def test_build_json(tmp_path: Path, config_path) -> None:
    out = tmp_path / "deck.json"
    result = runner.invoke(
        app, ["wbr", "build", str(config_path()), "--data", str(_data(tmp_path)), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    deck = json.loads(out.read_text())
    assert deck["week_ending"] == "2021-09-25"
    assert deck["metrics"]["orders"]["box"]["last_week"] == 35.0


def test_build_html_with_week_ending_override(tmp_path: Path, config_path) -> None:
    out = tmp_path / "deck.html"
    result = runner.invoke(
        app,
        [
            "wbr",
            "build",
            str(config_path()),
            "--data",
            str(_data(tmp_path)),
            "-o",
            str(out),
            "--week-ending",
            "2021-09-18",
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "week ending Sat 18 Sep 2021" in page
    assert "vegaEmbed" in page and "<script src=" not in page


def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path: Path, config_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Orders\n2021-01-01,x1\n")
    out = tmp_path / "deck.html"
    result = runner.invoke(
        app, ["wbr", "build", str(config_path()), "--data", str(bad), "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "bad.csv:2" in result.output and "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.glob(".deck.html*")) == []


def test_check_and_convert(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(
        "setup:\n  week_ending: 25-SEP-2021\n  week_number: 38\n  fiscal_year_end_month: MAR\n"
        "metrics:\n  Orders:\n    column: Orders\n    aggf: sum\n"
        "deck:\n  - block:\n      ui_type: 6_12Graph\n      title: Orders\n"
        "      metrics:\n        Orders:\n          graph_prior_year_flag: true\n"
    )
    new = tmp_path / "new.yaml"
    result = runner.invoke(app, ["wbr", "convert", str(old), "-o", str(new)])
    assert result.exit_code == 0, result.output
    assert "fiscal_year_end: march" in new.read_text()
    check = runner.invoke(app, ["wbr", "check", str(new), "--data", str(_data(tmp_path))])
    assert check.exit_code == 0, check.output
    data = _data(tmp_path)
    a = tmp_path / "a.json"
    b = tmp_path / "b.json"
    assert (
        runner.invoke(app, ["wbr", "build", str(old), "--data", str(data), "-o", str(a)]).exit_code
        == 0
    )
    assert (
        runner.invoke(app, ["wbr", "build", str(new), "--data", str(data), "-o", str(b)]).exit_code
        == 0
    )
    assert json.loads(a.read_text())["metrics"] == json.loads(b.read_text())["metrics"]


def test_check_reports_config_errors(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("dayone_wbr: 1\nmetrics:\n  a: {sum: [a, a]}\ndeck: []\n")
    result = runner.invoke(app, ["wbr", "check", str(path)])
    assert result.exit_code == 2
    assert "circular metric reference" in result.output
