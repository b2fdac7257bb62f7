"""Good and bad by the metric's direction, and values written from its unit, in every output."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dayone.wbr import (
    ConfigError,
    build_deck,
    config_to_yaml,
    deck_to_dict,
    deck_to_json,
    parse_config,
    render_html,
)

from .conftest import write_csv

WE = dt.date(2021, 9, 25)
START = dt.date(2020, 1, 1)

CONFIG = """\
dayone_wbr: 1
week_ending: 2021-09-25
metrics:
  defects: {column: Defects, better: lower}
  orders: {column: Orders, better: higher}
  visits: {column: Visits}
  in_stock: {column: InStock, aggregation: mean, unit: rate, better: higher}
deck:
  - chart: defects
  - chart: orders
  - chart: visits
  - chart: in_stock
"""


def _rising(tmp_path: Path) -> Path:
    """Every column rises through the year (so every week-over-week change is a rise)."""
    days = (WE - START).days + 1
    lines = ["Date,Defects,Orders,Visits,InStock"]
    for i in range(days):
        day = START + dt.timedelta(days=i)
        lines.append(f"{day.isoformat()},{10 + i},{100 + i},{1000 + i},{0.5 + i / 10_000:.6f}")
    path = tmp_path / "daily.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _deck(tmp_path: Path):
    return build_deck(parse_config(CONFIG), _rising(tmp_path))


def test_a_rise_is_good_or_bad_by_the_metric_direction(tmp_path: Path) -> None:
    deck = _deck(tmp_path)
    wow = 1  # the box's second cell: week over week
    assert deck.metric("defects").box.wow > 0
    assert deck.metric("defects").box.tones[wow] == "bad"
    assert deck.metric("orders").box.tones[wow] == "good"
    assert deck.metric("visits").box.tones[wow] == "neutral"
    # Values have no tone: only changes are judged.
    assert deck.metric("orders").box.tones[0] == ""


def test_the_json_says_good_bad_or_neutral(tmp_path: Path) -> None:
    deck = _deck(tmp_path)
    for data in (json.loads(deck_to_json(deck)), deck_to_dict(deck)):
        assert data["metrics"]["defects"]["better"] == "lower"
        assert data["metrics"]["defects"]["box"]["tones"][1] == "bad"
        assert data["metrics"]["orders"]["box"]["tones"][1] == "good"
        assert data["metrics"]["visits"]["better"] is None


def test_the_printed_deck_colours_by_direction_and_writes_rates_as_percentages(
    tmp_path: Path,
) -> None:
    deck = _deck(tmp_path)
    page = render_html(deck)
    defects = page.split('id="block-1"', 1)[1].split("</section>", 1)[0]
    orders = page.split('id="block-2"', 1)[1].split("</section>", 1)[0]
    assert '<td class="bad">+' in defects and '<td class="good">' not in defects
    assert '<td class="good">+' in orders
    in_stock = page.split('id="block-4"', 1)[1].split("</section>", 1)[0]
    last_week = deck.metric("in_stock").box.last_week
    assert f"<td>{last_week * 100:.1f}%</td>" in in_stock
    assert f"{last_week:.4g}" not in in_stock


def test_an_unknown_direction_is_refused_with_its_line(tmp_path: Path) -> None:
    text = CONFIG.replace("better: lower", "better: down")
    with pytest.raises(ConfigError, match=r"metric defects: better must be higher or lower") as err:
        parse_config(text, file="wbr.yaml")
    assert err.value.line == 4


def test_the_direction_round_trips_through_the_config_writer() -> None:
    again = parse_config(config_to_yaml(parse_config(CONFIG)))
    assert {m.name: m.better for m in again.metrics} == {
        "defects": "lower",
        "orders": "higher",
        "visits": None,
        "in_stock": "higher",
    }


def test_a_metric_without_data_changes_has_no_tone(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "flat.csv",
        [(START + dt.timedelta(days=i), 5.0) for i in range((WE - START).days + 1)],
        header="Date,Defects",
    )
    config = parse_config(
        "dayone_wbr: 1\nweek_ending: 2021-09-25\nmetrics:\n  defects: {column: Defects, better: lower}\n"
        "deck:\n  - chart: defects\n"
    )
    box = build_deck(config, path).metric("defects").box
    assert box.wow == 0
    assert box.tones[1] == "neutral"
