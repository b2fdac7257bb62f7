"""A deck chart's axes: a count starts at zero and a ratio at its own range, as the metric's
definition says; tick labels that would overlap are thinned out, none is cut; last year's line
is dashed, so it is told apart without its colour."""

from __future__ import annotations

import re
from typing import Any

import pytest
import vl_convert

from dayone.wbr import ChartPanel, chart_spec
from tests.wbr.test_missing_data import deck  # noqa: F401 - the fixture


def _spec(deck: Any, key: str) -> dict[str, Any]:  # noqa: F811 - the fixture's deck
    panel = next(p for p in deck.panels if isinstance(p, ChartPanel) and p.lines[0].key == key)
    return chart_spec(deck.metric(key), panel, deck)


def _lines(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [part["layer"][0] for part in spec["layer"]]


@pytest.mark.parametrize(("key", "zero"), [("orders", True), ("conversion", False)])
def test_the_y_axis_starts_where_the_definition_says(deck, key, zero) -> None:  # noqa: F811
    assert deck.metric(key).zero_based is zero
    for line in _lines(_spec(deck, key)):
        assert line["encoding"]["y"]["scale"]["zero"] is zero


def test_tick_labels_never_overlap_and_last_year_is_dashed(deck) -> None:  # noqa: F811
    spec = _spec(deck, "orders")
    for line in _lines(spec):
        axis = line["encoding"]["x"]["axis"]
        assert axis["labelOverlap"] == "greedy"
        assert axis["labelBound"] is True
        dash = line["encoding"]["strokeDash"]
        styles = dict(zip(dash["scale"]["domain"], dash["scale"]["range"], strict=True))
        [this_year] = [name for name in styles if not name.endswith(")")]
        assert styles[this_year] == [1, 0]
        assert styles[f"{this_year} (last year)"] != [1, 0], "last year is dashed"
        # colour and dash share one legend, whose symbols are the lines themselves
        assert dash["field"] == line["encoding"]["color"]["field"] == "series"
        assert dash["legend"]["symbolType"] == "stroke"
    svg = vl_convert.vegalite_to_svg(spec)
    assert "stroke-dasharray" in svg
    assert "(last year)</text>" in svg, "the legend names last year's line"
    legend = svg[svg.index('class="mark-group role-legend"') :]
    assert "stroke-dasharray" in legend.split("role-legend-label")[0], "the legend shows the dash"
    assert ">0<" in svg, "the orders axis is labelled from zero"


def test_a_ratio_in_a_narrow_range_has_tick_labels_that_differ(deck) -> None:  # noqa: F811
    svg = vl_convert.vegalite_to_svg(_spec(deck, "conversion"))
    labels = re.findall(r">([^<>]+)</text>", svg)
    weekly = labels[labels.index("Aug") + 1 : labels.index("weekly")]
    monthly = labels[labels.index("weekly") + 1 : labels.index("monthly")]
    for ticks in (weekly, monthly):
        assert len(ticks) >= 3, labels
        assert len(set(ticks)) == len(ticks), ticks
