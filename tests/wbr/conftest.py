"""Small daily data sets written by the tests themselves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest


def write_csv(
    path: Path, rows: list[tuple[dt.date, float | str | None]], header: str = "Date,Orders"
) -> Path:
    lines = [header]
    for day, value in rows:
        lines.append(f"{day.isoformat()},{'' if value is None else value}")
    path.write_text("\n".join(lines) + "\n")
    return path


def daily(
    start: dt.date, days: int, value: float = 10.0
) -> list[tuple[dt.date, float | str | None]]:
    return [(start + dt.timedelta(days=i), value) for i in range(days)]


CONFIG = """\
dayone_wbr: 1
title: Test WBR
week_ending: {week_ending}
metrics:
  orders: {{column: Orders, aggregation: sum}}
deck:
  - chart: orders
"""


@pytest.fixture
def config_path(tmp_path: Path):
    def make(week_ending: str = "2021-09-25", text: str | None = None) -> Path:
        path = tmp_path / "wbr.yaml"
        path.write_text(text if text is not None else CONFIG.format(week_ending=week_ending))
        return path

    return make
