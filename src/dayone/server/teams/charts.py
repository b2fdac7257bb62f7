"""Vega-Lite specs of the org view: the dependency matrix and the dependency counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dayone.server.teams.selectors import TeamSummary


def dependency_matrix_spec(summaries: list[TeamSummary]) -> dict[str, Any]:
    """A matrix: one row per team, one column per team it depends on, a cell per dependency."""
    names = [summary.team.name for summary in summaries]
    edges = [
        {"team": summary.team.name, "depends_on": other.name}
        for summary in summaries
        for other in summary.depends_on
    ]
    return {
        "description": "Which team depends on which",
        "width": "container",
        # A fixed height, 26 px a team: a step height beside a container width makes Vega warn.
        "height": 26 * max(len(names), 1),
        "data": {"values": edges},
        "mark": {"type": "rect", "cornerRadius": 3, "tooltip": True},
        "encoding": {
            "x": {
                "field": "depends_on",
                "type": "nominal",
                "sort": names,
                "scale": {"type": "band", "domain": names, "paddingInner": 0.08},
                "title": "depends on",
                "axis": {"labelAngle": -35, "orient": "top"},
            },
            "y": {
                "field": "team",
                "type": "nominal",
                "sort": names,
                "scale": {"type": "band", "domain": names, "paddingInner": 0.08},
                "title": None,
            },
            "color": {"value": "#1f4e79"},
        },
        "config": {"view": {"stroke": "#dde3ea", "fill": "#f7f9fb"}, "axis": {"grid": False}},
    }


def dependency_counts_spec(summaries: list[TeamSummary], limit: int) -> dict[str, Any]:
    """Per team, how many teams it depends on (the tax it pays) and how many depend on it."""
    rows: list[dict[str, Any]] = []
    for summary in summaries:
        rows.append(
            {
                "team": summary.team.name,
                "direction": "depends on",
                "teams": len(summary.depends_on),
                "over": len(summary.depends_on) > limit,
            }
        )
        rows.append(
            {
                "team": summary.team.name,
                "direction": "depended on by",
                "teams": len(summary.dependents),
                "over": False,
            }
        )
    names = [summary.team.name for summary in summaries]
    return {
        "description": "Dependencies per team",
        "width": "container",
        "height": 26 * max(len(names), 1),  # two bars of 13 px a team
        "layer": [
            {
                "data": {"values": rows},
                "mark": {"type": "bar", "tooltip": True, "cornerRadiusEnd": 2},
                "encoding": {
                    "y": {"field": "team", "type": "nominal", "sort": names, "title": None},
                    "yOffset": {"field": "direction"},
                    "x": {
                        "field": "teams",
                        "type": "quantitative",
                        "title": "teams",
                        "axis": {"tickMinStep": 1},
                    },
                    "color": {
                        "field": "direction",
                        "type": "nominal",
                        "scale": {
                            "domain": ["depends on", "depended on by"],
                            "range": ["#1f4e79", "#9fb7cf"],
                        },
                        "legend": {"orient": "bottom", "title": None},
                    },
                    "stroke": {
                        "condition": {"test": "datum.over", "value": "#b3261e"},
                        "value": None,
                    },
                    "strokeWidth": {"value": 2},
                },
            },
            {
                "data": {"values": [{"limit": limit}]},
                "mark": {"type": "rule", "color": "#b3261e", "strokeDash": [4, 3]},
                "encoding": {"x": {"field": "limit", "type": "quantitative"}},
            },
        ],
    }
