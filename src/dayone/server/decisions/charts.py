"""Vega-Lite specs of the velocity page. Data comes from ``selectors.decision_velocity``."""

from __future__ import annotations

from typing import Any

from dayone.server.decisions.selectors import Velocity

DOOR_COLOURS = {"domain": ["Two-way door", "One-way door"], "range": ["#1f4e79", "#d9822b"]}
MONTH = {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": None}
HEIGHT = 200


def _base(values: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "data": {"values": values},
        "width": "container",
        "height": HEIGHT,
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 11}},
    }


def cycle_spec(velocity: Velocity) -> dict[str, Any]:
    """Median days from proposal to decision, by month and door type."""
    return {
        **_base(velocity.cycle_rows),
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": MONTH,
            "y": {"field": "days", "type": "quantitative", "title": "median days to decide"},
            "color": {"field": "door", "type": "nominal", "scale": DOOR_COLOURS, "title": None},
            "tooltip": [
                {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": "month"},
                {"field": "door"},
                {"field": "days", "title": "median days"},
            ],
        },
    }


def share_spec(velocity: Velocity) -> dict[str, Any]:
    """Share of decisions made with at most the target information, by month."""
    return {
        **_base(velocity.share_rows),
        "mark": {"type": "bar", "color": "#1b7f4b", "cornerRadiusEnd": 2},
        "encoding": {
            "x": {**MONTH, "type": "ordinal"},
            "y": {
                "field": "share",
                "type": "quantitative",
                "title": f"% decided with ≤{velocity.target_pct}% info",
                "scale": {"domain": [0, 100]},
            },
            "tooltip": [
                {"field": "share", "title": "share %"},
                {"field": "decided", "title": "decisions"},
            ],
        },
    }


def escalation_spec(velocity: Velocity) -> dict[str, Any]:
    """Escalations raised per month (bars) and their median hours to resolution (line)."""
    return {
        **_base(velocity.escalation_rows),
        "encoding": {"x": {**MONTH, "type": "ordinal"}},
        "layer": [
            {
                "mark": {"type": "bar", "color": "#ffb547", "cornerRadiusEnd": 2},
                "encoding": {
                    "y": {
                        "field": "raised",
                        "type": "quantitative",
                        "title": "escalations raised",
                        "axis": {"tickMinStep": 1},
                    },
                    "tooltip": [{"field": "raised", "title": "raised"}],
                },
            },
            {
                "mark": {"type": "line", "point": True, "color": "#b3261e"},
                "encoding": {
                    "y": {
                        "field": "hours",
                        "type": "quantitative",
                        "title": "median hours to resolve",
                    },
                    "tooltip": [{"field": "hours", "title": "median hours to resolve"}],
                },
            },
        ],
        "resolve": {"scale": {"y": "independent"}},
    }


def supersede_spec(velocity: Velocity) -> dict[str, Any]:
    """Reversals and course corrections decided per month."""
    return {
        **_base(velocity.supersede_rows),
        "mark": {"type": "bar", "cornerRadiusEnd": 2},
        "encoding": {
            "x": {**MONTH, "type": "ordinal"},
            "y": {
                "field": "count",
                "type": "quantitative",
                "title": "decisions superseded",
                "axis": {"tickMinStep": 1},
            },
            "color": {
                "field": "kind",
                "type": "nominal",
                "title": None,
                "scale": {
                    "domain": ["Reversal", "Course correction"],
                    "range": ["#b3261e", "#6b7685"],
                },
            },
            "tooltip": [{"field": "kind"}, {"field": "count"}],
        },
    }


def scatter_spec(velocity: Velocity) -> dict[str, Any]:
    """Each decision: information at hand against days to decide, with the target as a rule."""
    return {
        **_base(velocity.scatter_rows),
        "height": 260,
        "layer": [
            {
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#6b7685"},
                "data": {"values": [{"target": velocity.target_pct}]},
                "encoding": {"x": {"field": "target", "type": "quantitative"}},
            },
            {
                "mark": {"type": "circle", "size": 70, "opacity": 0.8},
                "encoding": {
                    "x": {
                        "field": "information",
                        "type": "quantitative",
                        "title": "information at hand when decided (%)",
                        "scale": {"domain": [0, 100]},
                    },
                    "y": {"field": "days", "type": "quantitative", "title": "days to decide"},
                    "color": {
                        "field": "door",
                        "type": "nominal",
                        "scale": DOOR_COLOURS,
                        "title": None,
                    },
                    "tooltip": [
                        {"field": "question"},
                        {"field": "door"},
                        {"field": "information", "title": "information %"},
                        {"field": "days", "title": "days"},
                    ],
                },
            },
        ],
    }


def velocity_specs(velocity: Velocity) -> dict[str, dict[str, Any]]:
    """Every chart of the velocity page, by name."""
    return {
        "cycle": cycle_spec(velocity),
        "share": share_spec(velocity),
        "escalations": escalation_spec(velocity),
        "supersede": supersede_spec(velocity),
        "scatter": scatter_spec(velocity),
    }
