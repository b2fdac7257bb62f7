"""Vega-Lite specs of Weblab: each variant's effect with its interval, experiments per week."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

    from dayone.server.weblab.analysis import MetricRow

COLOURS = {"better": "#2e9d62", "worse": "#d0463b", "flat": "#6b7280"}


def effect_interval_spec(metric: MetricRow, *, relative: bool) -> dict[str, Any] | None:
    """Each variant's effect against the control as a point with its interval, and a rule at 0.

    ``None`` when no variant has an interval to draw (not enough data)."""
    values = [
        {
            "variant": v.name,
            "effect": v.effect,
            "low": v.ci_low,
            "high": v.ci_high,
            "verdict": v.verdict or "flat",
        }
        for v in metric.variants
        if v.status == "ok" and v.effect is not None and v.ci_low is not None
    ]
    if not values:
        return None
    axis_format = ".1%" if relative else ",.3~f"
    title = "lift against control" if relative else "difference from control"
    x = {
        "type": "quantitative",
        "title": title,
        "axis": {"format": axis_format, "tickCount": 6, "labelFlush": True},
    }
    return {
        "description": f"Effect of each variant on {metric.key}, with its interval",
        "width": "container",
        "height": max(40, 28 * len(values)),
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#9ca3af"},
                "encoding": {"x": {"datum": 0, **x}},
            },
            {
                "mark": {"type": "rule", "strokeWidth": 3, "tooltip": True},
                "encoding": {
                    "y": {"field": "variant", "type": "nominal", "title": None},
                    "x": {"field": "low", **x},
                    "x2": {"field": "high"},
                    "color": {
                        "field": "verdict",
                        "type": "nominal",
                        "scale": {"domain": list(COLOURS), "range": list(COLOURS.values())},
                        "legend": None,
                    },
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 70, "tooltip": True},
                "encoding": {
                    "y": {"field": "variant", "type": "nominal", "title": None},
                    "x": {"field": "effect", **x},
                    "color": {
                        "field": "verdict",
                        "type": "nominal",
                        "scale": {"domain": list(COLOURS), "range": list(COLOURS.values())},
                        "legend": None,
                    },
                },
            },
        ],
    }


def starts_per_week_spec(weeks: tuple[tuple[date, int], ...]) -> dict[str, Any]:
    """Experiments started each week (the rate of invention)."""
    top = max((n for _, n in weeks), default=0)
    return {
        "description": "Experiments started per week",
        "width": "container",
        "height": 160,
        "data": {"values": [{"week": w.isoformat(), "started": n} for w, n in weeks]},
        "mark": {"type": "bar", "tooltip": True, "color": "#3b6fb6"},
        "encoding": {
            "x": {
                "field": "week",
                "type": "temporal",
                "timeUnit": "yearweek",
                "title": None,
                "axis": {"format": "%b %y", "labelAngle": 0},
            },
            "y": {
                "field": "started",
                "type": "quantitative",
                "title": "experiments started",
                "scale": {"domain": [0, max(top, 1)], "nice": False},
                "axis": {"values": list(range(max(top, 1) + 1)), "format": "d"},
            },
        },
    }


OUTCOME_COLOURS = {"Won": "#2e9d62", "Flat": "#9ca3af", "Lost": "#d0463b"}


def outcome_share_spec(won: int, flat: int, lost: int) -> dict[str, Any]:
    """The concluded experiments that won, were flat or lost, as one stacked bar."""
    values = [
        {"outcome": label, "experiments": count, "order": i}
        for i, (label, count) in enumerate((("Won", won), ("Flat", flat), ("Lost", lost)))
    ]
    return {
        "description": "Concluded experiments by outcome",
        "width": "container",
        "height": 46,
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "experiments",
                "type": "quantitative",
                "stack": "normalize",
                "title": None,
                "axis": {"format": "%", "tickCount": 5},
            },
            "color": {
                "field": "outcome",
                "type": "nominal",
                "scale": {
                    "domain": list(OUTCOME_COLOURS),
                    "range": list(OUTCOME_COLOURS.values()),
                },
                "legend": {"orient": "top", "title": None},
            },
            "order": {"field": "order"},
        },
    }
