"""Vega-Lite specs of goals: status over time, and a goal's metric against its target."""

from __future__ import annotations

from datetime import date
from typing import Any

from dayone.server.goals.enums import ReviewStatus

STATUS_COLOURS = {
    ReviewStatus.GREEN: "#2e9d62",
    ReviewStatus.YELLOW: "#e8b22d",
    ReviewStatus.RED: "#d0463b",
}


def status_mix_spec(grid: dict[int, list[str | None]], months: list[date]) -> dict[str, Any]:
    """Per month, how many goals were reviewed green, yellow and red (stacked bars)."""
    counts: dict[tuple[str, str], int] = {}
    for statuses in grid.values():
        for month, status in zip(months, statuses, strict=True):
            if status is not None:
                key = (month.isoformat(), status)
                counts[key] = counts.get(key, 0) + 1
    values = [
        {"month": month, "status": ReviewStatus(status).label, "goals": count}
        for (month, status), count in sorted(counts.items())
    ]
    return {
        "description": "Goal status by month",
        "width": "container",
        "height": 180,
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "month",
                "type": "ordinal",
                "timeUnit": "yearmonth",
                "title": None,
                "axis": {"format": "%b %y", "labelAngle": 0},
            },
            "y": {
                "field": "goals",
                "type": "quantitative",
                "title": "goals reviewed",
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "color": {
                "field": "status",
                "type": "nominal",
                "scale": {
                    "domain": [status.label for status in STATUS_COLOURS],
                    "range": list(STATUS_COLOURS.values()),
                },
                "legend": {"orient": "top", "title": None},
            },
            "order": {"field": "status", "sort": "descending"},
        },
    }


def goal_metric_spec(
    series: list[tuple[date, float]], target: float | None, label: str, percent: bool
) -> dict[str, Any]:
    """The goal's metric week by week, with the target as a dashed line."""
    layers: list[dict[str, Any]] = [
        {
            "data": {
                "values": [{"week": day.isoformat(), "value": value} for day, value in series]
            },
            "mark": {"type": "line", "point": True, "tooltip": True, "color": "#1f4e79"},
            "encoding": {
                "x": {"field": "week", "type": "temporal", "title": None},
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": label,
                    "scale": {"zero": False},
                    "axis": {"format": ".1%" if percent else "~s"},
                },
            },
        }
    ]
    if target is not None:
        layers.append(
            {
                "data": {"values": [{"target": target}]},
                "mark": {"type": "rule", "color": "#b3261e", "strokeDash": [5, 4]},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
    return {"description": label, "width": "container", "height": 200, "layer": layers}
