"""A period missing a day, or with a blank cell in one row of a date, is computed over the data
present and marked incomplete (how many days, which dates) in the series, the box, the tables,
the chart, the page, the PDF and the JSON."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import pytest

from dayone.wbr import (
    ChartPanel,
    TablePanel,
    build_deck,
    chart_spec,
    deck_to_dict,
    deck_to_json,
    parse_config,
    render_html,
    render_pdf,
)
from dayone.wbr._render import find_chromium

WE = dt.date(2021, 9, 25)  # a Saturday
START = dt.date(2019, 1, 1)
GAP = dt.date(2021, 9, 22)

CONFIG = """\
dayone_wbr: 1
week_ending: 2021-09-25
metrics:
  orders: {column: Orders}
  visits: {column: Visits}
  conversion: {ratio: [orders, visits]}
deck:
  - chart: orders
  - chart: conversion
  - weeks_table:
      title: Summary
      rows:
        - {header: Orders, metric: orders}
  - months_table:
      title: By month
      rows:
        - {header: Orders, metric: orders}
"""


NOISE = np.random.default_rng(7).normal(0.0, 2.0, (WE - START).days + 1).round(1)


def _value(i: int) -> float:
    """A steady metric with a little routine variation (so limits can be measured)."""
    return float(100.0 + NOISE[i])


def _wide(tmp_path: Path, drop: set[dt.date]) -> Path:
    lines = ["Date,Orders,Visits"]
    for i in range((WE - START).days + 1):
        day = START + dt.timedelta(days=i)
        if day not in drop:
            lines.append(f"{day.isoformat()},{_value(i)},1000")
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def deck(tmp_path: Path):  # type: ignore[no-untyped-def]
    return build_deck(parse_config(CONFIG), _wide(tmp_path, {GAP}), forecast=False)


def test_a_missing_day_is_computed_over_the_days_present_and_named(deck) -> None:  # type: ignore[no-untyped-def]
    orders = deck.metric("orders")
    first = (WE - dt.timedelta(days=6) - START).days
    present = [_value(first + k) for k in range(7) if START + dt.timedelta(first + k) != GAP]
    assert orders.weekly.current[-1] == pytest.approx(sum(present))
    assert orders.weekly.missing[-1] == (GAP,)
    assert orders.weekly.missing[:-1] == ((),) * 5
    assert orders.weekly.prior_missing == ((),) * 6
    # the month, the quarter and the year hold the day: computed, not erased, and marked
    box = orders.box
    assert None not in (box.last_week, box.mtd, box.qtd, box.ytd, box.mtd_yoy, box.ytd_yoy)
    assert box.missing == ((GAP,),) * 9
    assert orders.monthly.missing == ((),) * 12  # September has not ended: not in the 12 months
    assert orders.fiscal.missing[8] == (GAP,)


def test_a_ratio_is_incomplete_when_an_operand_is(deck) -> None:  # type: ignore[no-untyped-def]
    conversion = deck.metric("conversion")
    assert conversion.weekly.current[-1] is not None
    assert conversion.weekly.missing[-1] == (GAP,)


def test_the_tables_mark_the_cells_that_hold_the_day(deck) -> None:  # type: ignore[no-untyped-def]
    weeks, months = (p for p in deck.panels if isinstance(p, TablePanel))
    row = weeks.rows[0]
    assert weeks.headers[-3:] == ("wk 38", "QTD", "YTD")
    assert row.missing[-3:] == ((GAP,), (GAP,), (GAP,))
    assert row.missing[:5] == ((),) * 5
    assert None not in row.values
    assert months.rows[0].missing == ()  # complete months only


def test_the_json_names_the_missing_dates(deck) -> None:  # type: ignore[no-untyped-def]
    body = json.loads(deck_to_json(deck))
    orders = body["metrics"]["orders"]
    assert orders["weekly"]["missing"][-1] == ["2021-09-22"]
    assert orders["box"]["missing"][5] == ["2021-09-22"]  # QTD
    assert deck_to_dict(deck)["metrics"]["orders"]["box"]["missing"][7] == ["2021-09-22"]
    warning = next(w for w in body["warnings"] if w["metric"] == "orders")
    assert warning["dates"] == ["2021-09-22"]
    assert "computed over the days present" in warning["message"]


def test_the_chart_box_and_table_mark_it_incomplete(deck) -> None:  # type: ignore[no-untyped-def]
    chart = next(p for p in deck.panels if isinstance(p, ChartPanel))
    spec = chart_spec(deck.metric("orders"), chart, deck)
    last = next(r for r in spec["data"]["values"] if r["x"] == "wk 38" and r["kind"] == "This year")
    assert last["note"] == "incomplete: 1 day missing (2021-09-22)"
    rings = [
        layer for part in spec["layer"] for layer in part["layer"] if "datum.note" in str(layer)
    ]
    assert rings, "an incomplete week is drawn with a ring"
    page = render_html(deck)
    assert page.count('title="incomplete: 1 day missing (2021-09-22)"') >= 9 + 3
    assert "LastWk, WOW, YOY, MTD, YOY, QTD, YOY, YTD, YOY: incomplete: 1 day missing" in page


def test_a_complete_deck_marks_nothing(tmp_path: Path) -> None:
    deck = build_deck(parse_config(CONFIG), _wide(tmp_path, set()), forecast=False)
    orders = deck.metric("orders")
    assert orders.box.missing == ()
    assert all(days == () for days in orders.weekly.missing)
    assert 'class="incomplete"' not in render_html(deck)


def test_a_blank_cell_in_one_row_of_a_date_is_flagged(tmp_path: Path) -> None:
    lines = ["Date,Country,Orders"]
    for i in range((WE - START).days + 1):
        day = START + dt.timedelta(days=i)
        us = "" if day == GAP else "10"
        lines += [f"{day.isoformat()},US,{us}", f"{day.isoformat()},UK,5"]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n")
    config = parse_config(
        "dayone_wbr: 1\nweek_ending: 2021-09-25\nmetrics:\n"
        "  orders: {column: Orders}\n"
        "  us: {column: Orders, where: \"Country == 'US'\"}\n"
        "  uk: {column: Orders, where: \"Country == 'UK'\"}\n"
        "deck:\n  - chart: orders\n  - chart: us\n  - chart: uk\n"
    )
    deck = build_deck(config, path, forecast=False)
    orders = deck.metric("orders")
    assert orders.weekly.current[-1] == 7 * 15 - 10  # the date has its UK row
    assert orders.weekly.missing[-1] == (GAP,)
    assert deck.metric("us").weekly.missing[-1] == (GAP,)
    assert deck.metric("uk").weekly.missing[-1] == ()  # its rows on that date are whole
    warning = next(w for w in deck.warnings if w.metric == "orders")
    assert "a blank value in one of the rows of 1 day (2021-09-22)" in warning.message


def test_an_incomplete_week_is_not_judged_a_signal(tmp_path: Path) -> None:
    three = {WE - dt.timedelta(days=k) for k in range(3)}
    deck = build_deck(parse_config(CONFIG), _wide(tmp_path, three), forecast=False)
    orders = deck.metric("orders")
    assert orders.weekly.current[-1] is not None  # four days of seven
    assert orders.limits is not None
    assert not any(s.week_ending == WE for s in orders.signals)


@pytest.mark.skipif(find_chromium() is None, reason="PDF output needs Chromium")
def test_the_pdf_marks_it_incomplete(deck) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(deck))).pages)
    assert "incomplete: 1 day missing (2021-09-22)" in text
