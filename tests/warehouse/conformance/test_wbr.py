"""The WBR deck from raw rows is the same on every backend: filtered metrics, several rows per
date, first and last, distinct counts (counted over each period, never summed across days)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pyarrow as pa

from dayone.wbr import build_deck, deck_to_dict, parse_config

from ._data import assert_close

WE = dt.date(2024, 6, 29)  # a Saturday
START = dt.date(2023, 5, 1)

CONFIG = """
dayone_wbr: 1
week_ending: 2024-06-29
metrics:
  us_orders: {column: Orders, aggregation: sum, where: "Country == 'US'"}
  orders: {column: Orders, aggregation: sum}
  rows: {column: Orders, aggregation: count}
  big_uk: {column: Orders, aggregation: count, where: "Country in ['UK'] and Orders > 5"}
  first_price: {column: Price, aggregation: first}
  last_price: {column: Price, aggregation: last}
  mean_price: {column: Price, aggregation: mean}
  customers: {column: Customer, aggregation: count_distinct}
  uk_customers: {column: Customer, aggregation: count_distinct, where: "Country == 'UK'"}
deck:
  - chart: us_orders
  - chart: orders
  - chart: rows
  - chart: big_uk
  - chart: first_price
  - chart: last_price
  - chart: mean_price
  - chart: customers
  - chart: uk_customers
"""


def _rows(seed: int = 7) -> pa.Table:
    """Several rows per date in no date order, some prices blank."""
    rng = np.random.default_rng(seed)
    out: dict[str, list] = defaultdict(list)
    days = (WE - START).days + 1
    for i in rng.permutation(days):
        day = START + dt.timedelta(days=int(i))
        for country in ("US", "UK", "DE"):
            out["Date"].append(day)
            out["Country"].append(country)
            out["Orders"].append(int(rng.integers(0, 12)))
            out["Price"].append(None if rng.random() < 0.1 else round(float(rng.gamma(3, 4)), 2))
            out["Customer"].append(f"c{int(rng.integers(0, 40))}")
    return pa.table(out)


def _same(a: object, b: object, where: str) -> None:
    if isinstance(b, dict):
        assert isinstance(a, dict) and a.keys() == b.keys(), where
        for key in b:
            _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(b, list):
        assert isinstance(a, list) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(b, float) and isinstance(a, float | int):
        assert_close(a, b, where)
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def test_the_deck_matches_the_default_engine(backend):
    config = parse_config(CONFIG)
    table = _rows()
    expected = deck_to_dict(build_deck(config, table, forecast=False))
    got = deck_to_dict(build_deck(config, table, warehouse=backend, forecast=False))
    _same(got, expected, "deck")


def test_the_last_week_by_hand(backend):
    config = parse_config(CONFIG)
    table = _rows()
    deck = build_deck(config, table, warehouse=backend, forecast=False)
    rows = table.to_pylist()
    week = [r for r in rows if WE - dt.timedelta(days=6) <= r["Date"] <= WE]
    box = {m: deck.metric(m).box.last_week for m in ("us_orders", "rows", "customers")}
    assert_close(box["us_orders"], float(sum(r["Orders"] for r in week if r["Country"] == "US")))
    assert_close(box["rows"], float(len(week)))
    distinct = len({r["Customer"] for r in week})
    daily = defaultdict(set)
    for r in week:
        daily[r["Date"]].add(r["Customer"])
    assert_close(box["customers"], float(distinct))
    assert distinct < sum(len(s) for s in daily.values())  # summing days would be wrong
    # first and last: the first and last row with a price, in row order, of the week's days
    first_day = sorted(week, key=lambda r: r["Date"])[0]["Date"]
    first_rows = [r for r in rows if r["Date"] == first_day and r["Price"] is not None]
    assert deck.metric("first_price").weekly.current[-1] == first_rows[0]["Price"]
    last_rows = [r for r in rows if r["Date"] == WE and r["Price"] is not None]
    assert deck.metric("last_price").weekly.current[-1] == last_rows[-1]["Price"]
