"""A forecast is compared with the period's target only when the plan covers every day of the
period: a plan that stops part-way is not the month's target."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from dayone.wbr import build_deck, deck_to_dict, parse_config, render_html

WE = dt.date(2026, 12, 5)  # a Saturday: the month and the quarter run on to 31 December
START = WE - dt.timedelta(days=120)
CONFIG = f"""
dayone_wbr: 1
week_ending: {WE.isoformat()}
metrics:
  orders: {{column: Orders, aggregation: sum, target: orders_plan}}
  orders_plan: {{column: Orders__Target, aggregation: sum}}
deck:
  - chart: orders
"""


def _csv(tmp_path: Path, plan_until: dt.date) -> Path:
    rng = np.random.default_rng(7)
    lines = ["Date,Orders,Orders__Target"]
    day = START
    while day <= dt.date(2026, 12, 31):
        actual = f"{1000 + rng.normal(0, 20):.0f}" if day <= WE else ""
        plan = "1000" if day <= plan_until else ""
        lines.append(f"{day.isoformat()},{actual},{plan}")
        day += dt.timedelta(days=1)
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_plan_for_every_day_is_the_target(tmp_path: Path) -> None:
    deck = build_deck(parse_config(CONFIG), _csv(tmp_path, dt.date(2026, 12, 31)))
    month = deck.metric("orders").forecast
    assert month is not None
    assert month.target == 31 * 1000
    assert month.target_days is None
    assert month.gap_percent is not None
    assert abs(month.gap_percent) < 5


def test_a_plan_that_stops_part_way_is_not_compared(tmp_path: Path) -> None:
    deck = build_deck(parse_config(CONFIG), _csv(tmp_path, WE))
    orders = deck.metric("orders")
    for forecast, days in ((orders.forecast, 5), (orders.quarter_forecast, 66)):
        assert forecast is not None
        assert forecast.estimate > 25_000  # still forecast
        assert forecast.target is None
        assert forecast.gap_percent is None
        assert forecast.target_days == days
        assert forecast.target_through == WE
    body = deck_to_dict(deck)["metrics"]["orders"]["forecast"]
    assert body["target"] is None
    assert body["target_through"] == WE.isoformat()
    page = render_html(deck)
    assert "no target to compare with: the plan covers 5 days of the month" in page
    assert "below target" not in page
    assert "on track" not in page


def test_a_deck_printed_in_the_background_runs_chromium_at_the_lowest_priority(
    tmp_path: Path, monkeypatch
) -> None:
    import subprocess

    from dayone.wbr import _render

    commands: list[list[str]] = []

    def fake_run(command, **_kwargs):  # type: ignore[no-untyped-def]
        commands.append(command)
        target = next(c for c in command if c.startswith("--print-to-pdf="))
        Path(target.split("=", 1)[1]).write_bytes(b"%PDF-1.7")
        return subprocess.CompletedProcess(command, 0, b"", b"")

    monkeypatch.setattr(_render, "find_chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(_render.subprocess, "run", fake_run)
    deck = build_deck(parse_config(CONFIG), _csv(tmp_path, dt.date(2026, 12, 31)))
    assert _render.render_pdf(deck) == b"%PDF-1.7"
    assert _render.render_pdf(deck, background=True) == b"%PDF-1.7"
    assert commands[0][0] == "/usr/bin/chromium"
    assert commands[1][1:3] == ["-n", "19"]
    assert commands[1][0].endswith("nice")
