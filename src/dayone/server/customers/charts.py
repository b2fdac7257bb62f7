"""The Vega-Lite spec of a theme's weekly count, with its natural process limits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayone.server.core.charts import VEGA_LITE_SCHEMA

if TYPE_CHECKING:
    import datetime as dt

    from dayone.customers import ThemeTrend


def theme_week_spec(trend: ThemeTrend, ends: tuple[dt.date, ...]) -> dict[str, Any]:
    """Anecdotes per week as a line; the XmR limits as dashed rules; signals as red points."""
    signals = {s.week_ending for s in trend.signals}
    values = [
        {"week": end.isoformat(), "count": count, "signal": end in signals}
        for end, count in zip(ends, trend.counts, strict=True)
    ]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "week", "type": "temporal", "title": "Week ending"},
                "y": {"field": "count", "type": "quantitative", "title": "Anecdotes"},
                "tooltip": [
                    {"field": "week", "type": "temporal"},
                    {"field": "count", "type": "quantitative"},
                ],
            },
        },
        {
            "transform": [{"filter": "datum.signal"}],
            "mark": {"type": "point", "filled": True, "size": 80, "color": "#b42318"},
            "encoding": {
                "x": {"field": "week", "type": "temporal"},
                "y": {"field": "count", "type": "quantitative"},
            },
        },
    ]
    if trend.limits is not None:
        layers.extend(
            {
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#888"},
                "encoding": {"y": {"datum": max(value, 0.0)}},
            }
            for value in (trend.limits.upper, trend.limits.center)
        )
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": "container",
        "height": 180,
        "data": {"values": values},
        "layer": layers,
    }
