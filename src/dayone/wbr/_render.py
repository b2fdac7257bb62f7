"""The deck as a self-contained HTML page (Vega-Lite charts, offline) and as PDF.

Each 6-12 chart is one Vega-Lite spec: six weeks and twelve months side by side on one ordinal
axis (weeks on the left scale, months on the right), this year, last year and target. The same
spec is drawn in the browser and in the printed PDF. The Vega libraries are inlined from
``vl_convert`` so the page needs no network. Charts are drawn as they scroll into view, so a
deck of hundreds of metrics opens at once; printing draws them all first.

PDF is the same page printed by headless Chromium (``/usr/bin/chromium``).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import math
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dayone.wbr._deck import (
    Box,
    ChartPanel,
    Deck,
    Forecast,
    ForecastCheck,
    MetricResult,
    SectionPanel,
    TablePanel,
    Value,
    deck_to_json,
    incomplete_note,
)
from dayone.wbr._errors import RenderError

Gaps = tuple[tuple[dt.date, ...], ...]
Commentary = Mapping[str, str]
"""Commentary for a deck: "the why" text by metric name, for the deck's week."""


@dataclass(frozen=True, slots=True)
class ExtraItem:
    """One entry of an extra section: a heading, a line of detail, and a quote (all text)."""

    heading: str
    detail: str = ""
    quote: str = ""
    href: str = ""


@dataclass(frozen=True, slots=True)
class ExtraSection:
    """A section the deck prints after its metrics, such as what customers told us."""

    title: str
    intro: str = ""
    items: tuple[ExtraItem, ...] = ()


def _extra_html(section: ExtraSection) -> str:
    items = "".join(
        "<li><strong>"
        + (
            f'<a href="{html.escape(item.href)}">{html.escape(item.heading)}</a>'
            if item.href
            else html.escape(item.heading)
        )
        + "</strong>"
        + (f" · {html.escape(item.detail)}" if item.detail else "")
        + (f"<blockquote>{html.escape(item.quote)}</blockquote>" if item.quote else "")
        + "</li>"
        for item in section.items
    )
    intro = f"<p>{html.escape(section.intro)}</p>" if section.intro else ""
    return (
        f'<h2 class="section">{html.escape(section.title)}</h2>'
        f'<section class="panel extra">{intro}<ul>{items}</ul></section>'
    )


CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "chromium",
    "google-chrome",
)
_FORMAT = re.compile(r"^#+(?:\.(\d))?(MM|KK|BB|%)?$")
COLORS = {"This year": "#1f4e99", "Last year": "#9aa5b1", "Target": "#d9822b"}
DASHES = {"This year": [1, 0], "Last year": [6, 4], "Target": [2, 2]}
"""How each kind of line is drawn: this year solid, last year dashed, the target dotted."""


@functools.cache
def _vega_bundle() -> str:
    import vl_convert

    bundle: Any = vl_convert.javascript_bundle
    return str(bundle())


RATE_UNITS = frozenset({"rate", "%", "percent"})
RATE_FORMAT = "##.1%"


def value_format(unit: str | None, y_format: str | None = None) -> str | None:
    """How a metric's values are written: the block's ``y_format`` when it has one, else from
    the metric's unit (rates, kept as fractions, are written as percentages)."""
    if y_format:
        return y_format
    return RATE_FORMAT if unit in RATE_UNITS else None


def format_value(value: Value, y_format: str | None = None) -> str:  # noqa: PLR0911 - one return per magnitude
    """A value as the deck prints it; ``y_format`` is a WBR scaling such as ``##.1MM``."""
    if value is None or not math.isfinite(value):
        return "—"
    match = _FORMAT.match(y_format.strip()) if y_format else None
    if match:
        decimals = int(match.group(1) or 0)
        unit = match.group(2) or ""
        scale = {"MM": 1e6, "KK": 1e3, "BB": 1e9, "%": 0.01, "": 1.0}[unit]
        suffix = {"MM": "M", "KK": "K", "BB": "B", "%": "%", "": ""}[unit]
        return f"{value / scale:,.{decimals}f}{suffix}"
    magnitude = abs(value)
    if magnitude >= 1e9:
        return f"{value / 1e9:,.2f}B"
    if magnitude >= 1e6:
        return f"{value / 1e6:,.2f}M"
    if magnitude >= 1e4:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:,.1f}"
    if magnitude >= 1:
        return f"{value:,.2f}"
    return f"{value:.4g}"


def format_change(value: Value, comparison: str) -> str:
    """A comparison: ``+2.3%`` or ``-15 bps``."""
    if value is None or not math.isfinite(value):
        return "—"
    if comparison == "bps":
        return f"{value:+,.0f} bps"
    return f"{value:+,.1f}%"


def chart_spec(result: MetricResult, panel: ChartPanel, deck: Deck) -> dict[str, Any]:
    """The Vega-Lite spec of one 6-12 chart (every line of the panel)."""
    rows: list[dict[str, Any]] = []
    domain: list[str] = []
    first = deck.metrics[panel.lines[0].key]
    monthly_of = "monthly" if panel.monthly_axis == "trailing_twelve_months" else "fiscal"
    week_labels = list(first.weekly.labels)
    month_labels = list(getattr(first, monthly_of).labels)
    domain = [*week_labels, " ", *month_labels]
    signal_weeks = {s.week_ending for s in first.signals}
    for line in panel.lines:
        res = deck.metrics[line.key]
        monthly = getattr(res, monthly_of)
        monthly_to_date = monthly.to_date
        to_date_at = next(
            (
                i
                for i, end in enumerate(monthly.ends)
                if monthly_to_date is not None and end > monthly_to_date >= end.replace(day=1)
            ),
            -1,
        )
        series: list[tuple[str, tuple[Value, ...], tuple[Value, ...], Gaps, Gaps]] = []
        if line.style == "target":
            series.append((f"{line.legend}", res.weekly.current, monthly.current, (), ()))
        else:
            series.append(
                (
                    f"{line.legend}",
                    res.weekly.current,
                    monthly.current,
                    res.weekly.missing,
                    monthly.missing,
                )
            )
            if line.prior_year:
                series.append(
                    (
                        f"{line.legend} (last year)",
                        res.weekly.prior,
                        monthly.prior,
                        res.weekly.prior_missing,
                        monthly.prior_missing,
                    )
                )
            if res.weekly.target is not None and len(panel.lines) == 1:
                series.append(
                    (f"{line.legend} (target)", res.weekly.target, monthly.target or (), (), ())
                )
        for name, weekly, months, week_gaps, month_gaps in series:
            kind = (
                "Target"
                if line.style == "target" or name.endswith("(target)")
                else ("Last year" if name.endswith("(last year)") else "This year")
            )
            for i, label in enumerate(week_labels):
                value = weekly[i] if i < len(weekly) else None
                signal = (
                    kind == "This year"
                    and line is panel.lines[0]
                    and res.weekly.ends[i] in signal_weeks
                )
                rows.append(
                    {
                        "x": label,
                        "seg": "week",
                        "series": name,
                        "kind": kind,
                        "v": value,
                        "signal": signal,
                        "note": _gap_note(week_gaps, i, value),
                    }
                )
            for i, label in enumerate(month_labels):
                value = months[i] if i < len(months) else None
                note = _gap_note(month_gaps, i, value)
                if not note and value is not None and i == to_date_at:
                    note = f"month to date, to {monthly_to_date:%d %b}"
                rows.append(
                    {
                        "x": label,
                        "seg": "month",
                        "series": name,
                        "kind": kind,
                        "v": value,
                        "signal": False,
                        "note": note,
                    }
                )
    fmt = _axis_format(value_format(result.unit, panel.y_format), rows, result.show)
    x = {
        "field": "x",
        "type": "ordinal",
        "scale": {"domain": domain},
        # Labels that would overlap are left out (every other week or month), none is cut.
        "axis": {
            "title": None,
            "labelAngle": 0,
            "labelFontSize": 10,
            "labelOverlap": "greedy",
            "labelBound": True,
        },
    }
    # One legend for colour and dash: each series' symbol is its line, so last year's dashed
    # line and its "(last year)" label tell it from this year's without colour.
    names = list(dict.fromkeys(row["series"] for row in rows))
    kind_of = {row["series"]: row["kind"] for row in rows}
    legend = {
        "orient": "top",
        "title": None,
        "labelFontSize": 11,
        "symbolType": "stroke",
        "symbolStrokeWidth": 2,
        "symbolSize": 300,
    }
    color = {
        "field": "series",
        "type": "nominal",
        "legend": legend,
        "scale": {
            "domain": names,
            "range": ["#1f4e99", "#9aa5b1", "#d9822b", "#2a9d8f", "#7b2cbf", "#e76f51"],
        },
    }
    stroke_dash = {
        "field": "series",
        "type": "nominal",
        "legend": legend,
        "scale": {"domain": names, "range": [DASHES[kind_of[name]] for name in names]},
    }

    def layer(segment: str, orient: str) -> dict[str, Any]:
        return {
            "transform": [{"filter": f"datum.seg === '{segment}'"}],
            "layer": [
                {
                    "mark": {"type": "line", "point": True, "strokeWidth": 2},
                    "encoding": {
                        "x": x,
                        "y": {
                            "field": "v",
                            "type": "quantitative",
                            "axis": {
                                "orient": orient,
                                "format": fmt,
                                "title": "weekly" if segment == "week" else "monthly",
                                "titleFontSize": 10,
                                "grid": segment == "week",
                            },
                            "scale": {"zero": result.zero_based, "nice": True},
                        },
                        "color": color,
                        "strokeDash": stroke_dash,
                        "tooltip": [
                            {"field": "series", "title": "Series"},
                            {"field": "x", "title": "Period"},
                            {"field": "v", "title": "Value", "format": ",.4~r"},
                            {"field": "note", "title": "Note"},
                        ],
                    },
                },
            ]
            + (
                [
                    {
                        # an incomplete period: a hollow amber ring around its point
                        "transform": [{"filter": "datum.note && datum.v !== null"}],
                        "mark": {
                            "type": "point",
                            "size": 130,
                            "strokeWidth": 2,
                            "filled": False,
                            "color": "#d98c00",
                        },
                        "encoding": {
                            "x": x,
                            "y": {"field": "v", "type": "quantitative"},
                            "tooltip": [
                                {"field": "series", "title": "Series"},
                                {"field": "x", "title": "Period"},
                                {"field": "note", "title": "Note"},
                            ],
                        },
                    }
                ]
                if any(row["note"] and row["seg"] == segment for row in rows)
                else []
            )
            + (
                [
                    {
                        "transform": [{"filter": "datum.signal"}],
                        "mark": {
                            "type": "point",
                            "size": 160,
                            "strokeWidth": 2,
                            "color": "#c0392b",
                        },
                        "encoding": {"x": x, "y": {"field": "v", "type": "quantitative"}},
                    }
                ]
                # An empty layer would leave Vega an empty extent to warn about.
                if any(row["signal"] and row["seg"] == segment for row in rows)
                else []
            ),
        }

    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": 640,
        "height": 220,
        "data": {"values": rows},
        "layer": [layer("week", "left"), layer("month", "right")],
        "resolve": {"scale": {"y": "independent"}},
        "config": {"view": {"stroke": None}, "font": "Helvetica, Arial, sans-serif"},
    }


def _axis_format(y_format: str | None, rows: list[dict[str, Any]], show: str) -> str:
    """A d3 format for the y axis: the block's WBR scaling when it is a percentage, with enough
    digits that the axis's ticks read differently (a rate from 3.7% to 4.1% reads 3.75%, 3.80%,
    not 3.8%, 3.8%)."""
    match = _FORMAT.match(y_format.strip()) if y_format else None
    values = [r["v"] for r in rows if r["v"] is not None and math.isfinite(r["v"])]
    span = (max(values) - min(values)) if values else 0.0
    if show != "value" or (match and match.group(2) == "%"):
        decimals = int(match.group(1) or 0) if match else 1
        return f".{max(decimals, _decimals(span * 100))}%"
    largest = max((abs(v) for v in values), default=0.0)
    if largest < 1:
        return f",.{max(1, _decimals(span))}f"
    step = span / AXIS_TICKS
    digits = math.ceil(math.log10(largest / step)) + 1 if step > 0 else 3
    return f",.{min(max(3, digits), 8)}~s"


AXIS_TICKS = 6
"""About how many ticks Vega puts on a chart's y axis."""


def _decimals(span: float) -> int:
    """Decimals that tell ``AXIS_TICKS`` ticks across ``span`` apart."""
    if span <= 0:
        return 0
    return max(0, min(6, math.ceil(-math.log10(span / AXIS_TICKS))))


def plan_gap_text(forecast: Forecast) -> str:
    """Why a forecast has no target to compare with: its plan misses days of the period."""
    period = "month" if forecast.period == "month" else "quarter"
    last = f", the last on {forecast.target_through:%d %b %Y}" if forecast.target_through else ""
    return (
        f"no target to compare with: the plan covers {forecast.target_days or 0} days of the "
        f"{period}{last}, and the {period} ends on {forecast.period_end:%d %b %Y}"
    )


def forecast_trust(history: tuple[ForecastCheck, ...]) -> str:
    """How past forecasts did, in one sentence per period kind (empty without any)."""
    parts = []
    for period, label in (("month", "month-end"), ("quarter", "quarter-end")):
        checks = [c for c in history if c.period == period]
        if not checks:
            continue
        mae = sum(abs(c.error_percent) for c in checks) / len(checks)
        inside = sum(c.inside for c in checks)
        periods = len({c.period_end for c in checks})
        parts.append(
            f"past {label} forecasts ({len(checks)}, one each week over {periods} "
            f"{period}s) missed by {mae:.1f}% on average; the 80% band held the actual "
            f"{inside} times of {len(checks)}"
        )
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _gap_note(gaps: Gaps, i: int, value: Value) -> str:
    return incomplete_note(gaps[i]) if value is not None and i < len(gaps) else ""


def _cell(text: str, css: str, note: str) -> str:
    """A table cell; an incomplete value is starred, with what it lacks as its title."""
    if not note:
        return f"<td{css}>{html.escape(text)}</td>"
    return (
        f'<td{css} title="{html.escape(note)}"><span class="incomplete">'
        f"{html.escape(text)}*</span></td>"
    )


def _box_html(box: Box, y_format: str | None) -> str:
    cells = []
    tones = box.tones or ("",) * len(Box.LABELS)
    gaps = box.missing or ((),) * len(Box.LABELS)
    notes: dict[str, list[str]] = {}
    for label, value, is_change, tone, days in zip(
        Box.LABELS, box.values(), Box.CHANGES, tones, gaps, strict=True
    ):
        text = format_change(value, box.comparison) if is_change else format_value(value, y_format)
        css = f' class="{tone}"' if tone else ""
        note = incomplete_note(days) if value is not None else ""
        if note:
            notes.setdefault(note, []).append(label)
        cells.append((label, _cell(text, css, note)))
    head = "".join(f"<th>{html.escape(label)}</th>" for label, _ in cells)
    body = "".join(cell for _, cell in cells)
    foot = "".join(
        f'<p class="incomplete-note">* {html.escape(", ".join(labels))}: {html.escape(note)}</p>'
        for note, labels in notes.items()
    )
    return f'<table class="box"><tr>{head}</tr><tr>{body}</tr></table>{foot}'


def _beside_html(items: Sequence[ExtraItem]) -> str:
    """What other parts say beside a metric, such as anecdotes that disagree with it."""
    return "".join(
        f'<p class="note"><strong>{html.escape(item.heading)}</strong>'
        + (f": {html.escape(item.detail)}" if item.detail else "")
        + "</p>"
        for item in items
    )


def _notes_html(
    result: MetricResult, commentary: str | None, beside: Sequence[ExtraItem] = ()
) -> str:
    parts: list[str] = []
    if result.signals:
        items = "; ".join(
            f"{s.week_ending.isoformat()}: {s.reason or s.rule.replace('_', ' ')}"
            for s in result.signals
        )
        parts.append(f'<p class="signal">Signal — exceptional variation: {html.escape(items)}</p>')
    fmt = value_format(result.unit)
    if result.limits is not None:
        lim = result.limits
        parts.append(
            f'<p class="limits">Expected {html.escape(format_value(lim.center, fmt))} last week; '
            f"routine variation {html.escape(format_value(lim.lower, fmt))} to "
            f"{html.escape(format_value(lim.upper, fmt))} ({lim.baseline_weeks} baseline weeks)</p>"
        )
    for fc in (result.forecast, result.quarter_forecast):
        if fc is None:
            continue
        label = "Month-end" if fc.period == "month" else "Quarter-end"
        estimate = (
            f'<p class="forecast">{label} forecast {html.escape(format_value(fc.estimate, fmt))} '
            f"(80%: {html.escape(format_value(fc.low, fmt))} to {html.escape(format_value(fc.high, fmt))})"
        )
        if fc.target is None:
            parts.append(f"{estimate}; {html.escape(plan_gap_text(fc))}</p>")
            continue
        status = "on track" if (fc.gap_percent or 0) >= 0 else "below target"
        parts.append(
            f"{estimate} vs target {html.escape(format_value(fc.target, fmt))}: "
            f"<strong>{html.escape(format_change(fc.gap_percent, 'percent'))}, {status}</strong></p>"
        )
    trust = forecast_trust(result.forecast_history)
    if trust:
        parts.append(f'<p class="forecast">{html.escape(trust)}</p>')
    if commentary:
        paragraphs = "".join(
            f"<p>{html.escape(p.strip())}</p>" for p in commentary.split("\n\n") if p.strip()
        )
        parts.append(f'<div class="why"><h4>The why</h4>{paragraphs}</div>')
    parts.append(_beside_html(beside))
    return "".join(parts)


def _table_html(panel: TablePanel, deck: Deck) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in panel.headers)
    rows = []
    for row in panel.rows:
        style = f' style="{html.escape(row.style)}"' if row.style else ""
        if row.key is None:
            rows.append(
                f'<tr class="sub"{style}><th colspan="{len(panel.headers) + 1}">'
                f"{html.escape(row.header)}</th></tr>"
            )
            continue
        result = deck.metrics[row.key]
        cells = []
        gaps = row.missing or ((),) * len(row.values)
        for value, days in zip(row.values, gaps, strict=False):
            if result.show != "value":
                text = format_change(None if value is None else value * 100, "percent")
                if result.comparison == "bps" and value is not None:
                    text = format_change(value * 10_000, "bps")
            else:
                text = format_value(value, value_format(result.unit, row.y_format))
            cells.append(_cell(text, "", incomplete_note(days) if value is not None else ""))
        rows.append(f"<tr{style}><th>{html.escape(row.header)}</th>{''.join(cells)}</tr>")
    return (
        f'<table class="grid"><thead><tr><th></th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


_CSS = """
*{box-sizing:border-box}body{font-family:Helvetica,Arial,sans-serif;color:#1d2733;margin:0;
background:#f4f6f8}header{background:#1d2733;color:#fff;padding:18px 32px}header h1{margin:0;
font-size:22px}header p{margin:4px 0 0;color:#c9d1da;font-size:13px}main{max-width:1100px;
margin:0 auto;padding:16px 24px 48px}h2.section{font-size:18px;border-bottom:2px solid #1d2733;
padding-bottom:4px;margin:32px 0 12px}.panel{background:#fff;border:1px solid #d8dee4;
border-radius:6px;padding:14px 18px;margin:14px 0;page-break-inside:avoid;break-inside:avoid}
.panel h3{margin:0 0 6px;font-size:15px}.panel h3 .n{color:#6b7785;font-weight:normal;
margin-right:6px}.chart{min-height:262px}table{border-collapse:collapse;font-size:12px}
table.box{margin-top:6px;width:100%}.box th{background:#eef1f4;font-weight:600;padding:3px 6px}
.box td{text-align:center;padding:3px 6px;border-top:1px solid #d8dee4}.good{color:#1a7f37}
.bad{color:#c0392b}.neutral{color:#4a5663}table.grid{width:100%}.grid th,.grid td{padding:3px 6px;
border-bottom:1px solid #e3e7eb;text-align:right}.grid th:first-child{text-align:left}
.grid tr.sub th{text-align:left;background:#eef1f4}.signal{color:#c0392b;font-size:12px;
margin:6px 0 0}.limits,.forecast{font-size:12px;color:#4a5663;margin:4px 0 0}
.incomplete{color:#a86400}.incomplete-note{font-size:11px;color:#a86400;margin:2px 0 0}
.why{border-left:3px solid #1f4e99;padding:2px 10px;margin-top:8px;font-size:13px}
.why h4{margin:4px 0;font-size:12px;text-transform:uppercase;color:#1f4e99}
.note{border-left:3px solid #b3261e;background:#fbe9e7;padding:4px 10px;margin-top:8px;font-size:13px}
.warnings{background:#fff8e6;border:1px solid #f0d58c;border-radius:6px;padding:8px 16px;
font-size:12px}.warnings li{margin:2px 0}.extra ul{list-style:none;padding:0;margin:0}
.extra li{margin:8px 0;font-size:13px}.extra blockquote{margin:4px 0 0;padding:2px 10px;
border-left:3px solid #6b7785;color:#4a5663;font-style:italic}
@media print{body{background:#fff}header{background:#fff;color:#000;border-bottom:2px solid #000}
header p{color:#333}.panel{border:none;border-bottom:1px solid #ccc;border-radius:0}}
"""

_SCRIPT = """
(function(){
const specs = JSON.parse(document.getElementById('wbr-specs').textContent);
const eager = document.body.dataset.eager === '1';
const done = new Set();
function draw(el){const id=el.dataset.spec;if(done.has(id))return;done.add(id);
  vegaEmbed(el, specs[id], {actions:false, renderer:'svg'}).then(function(){
    el.dataset.drawn='1';}).catch(function(e){el.textContent='chart error: '+e;});}
const charts = Array.from(document.querySelectorAll('.chart'));
window.wbrDrawAll = function(){return Promise.all(charts.map(function(el){draw(el);}))};
if (eager || !('IntersectionObserver' in window)) { charts.forEach(draw); }
else { const io = new IntersectionObserver(function(entries){entries.forEach(function(e){
    if(e.isIntersecting){draw(e.target);io.unobserve(e.target);}});},{rootMargin:'600px'});
  charts.forEach(function(el){io.observe(el);}); }
window.addEventListener('beforeprint', function(){charts.forEach(draw);});
document.body.dataset.ready='1';
})();
"""


def render_html(
    deck: Deck,
    *,
    commentary: Commentary | None = None,
    eager: bool = False,
    extra: tuple[ExtraSection, ...] = (),
    beside: Mapping[str, Sequence[ExtraItem]] | None = None,
) -> str:
    """The deck as one self-contained HTML page; ``commentary`` maps metric name to "the why",
    ``beside`` maps metric name to notes printed under it (such as anecdotes that disagree), and
    ``extra`` sections print after the metrics (their text is escaped).

    With ``eager`` every chart is drawn on load (for printing); otherwise charts are drawn as
    they scroll into view.
    """
    notes = commentary or {}
    beside = beside or {}
    specs: dict[str, Any] = {}
    body: list[str] = []
    for panel in deck.panels:
        if isinstance(panel, SectionPanel):
            body.append(f'<h2 class="section">{html.escape(panel.title)}</h2>')
        elif isinstance(panel, ChartPanel):
            primary = next((ln for ln in panel.lines if ln.style != "target"), panel.lines[0])
            result = deck.metrics[primary.key]
            spec_id = f"c{panel.number}"
            specs[spec_id] = chart_spec(result, panel, deck)
            body.append(
                f'<section class="panel" id="block-{panel.number}">'
                f'<h3><span class="n">{panel.number}.</span>{html.escape(panel.title)}</h3>'
                f'<div class="chart" data-spec="{spec_id}"></div>'
                f"{_box_html(result.box, value_format(result.unit, panel.y_format))}{_notes_html(result, notes.get(result.name), beside.get(result.name, ()))}</section>"
            )
        else:
            body.append(
                f'<section class="panel" id="block-{panel.number}">'
                f'<h3><span class="n">{panel.number}.</span>{html.escape(panel.title)}</h3>'
                f"{_table_html(panel, deck)}</section>"
            )
    body.extend(_extra_html(section) for section in extra)
    warnings = ""
    if deck.warnings:
        items = "".join(f"<li>{html.escape(w.message)}</li>" for w in deck.warnings)
        warnings = f'<div class="warnings"><strong>Data notes</strong><ul>{items}</ul></div>'
    specs_json = json.dumps(specs, separators=(",", ":"), allow_nan=False).replace("</", "<\\/")
    data_json = deck_to_json(deck).replace("</", "<\\/")
    bundle = _vega_bundle().replace("</script", "<\\/script")
    title = html.escape(deck.title)
    subtitle = f"Week {deck.week_number} · week ending {deck.week_ending.strftime('%a %d %b %Y')}"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{title} — "
        f"{html.escape(subtitle)}</title><style>{_CSS}</style></head>"
        f"<body data-eager='{1 if eager else 0}'><header><h1>{title}</h1><p>{html.escape(subtitle)}</p>"
        f"</header><main>{warnings}{''.join(body)}</main>"
        f"<script id='wbr-specs' type='application/json'>{specs_json}</script>"
        f"<script id='wbr-deck' type='application/json'>{data_json}</script>"
        f"<script>{bundle}</script><script>{_SCRIPT}</script></body></html>"
    )


def find_chromium() -> str | None:
    """The path of a Chromium that can print PDF, or ``None``."""
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def render_pdf(
    deck: Deck,
    *,
    commentary: Commentary | None = None,
    extra: tuple[ExtraSection, ...] = (),
    beside: Mapping[str, Sequence[ExtraItem]] | None = None,
    background: bool = False,
) -> bytes:
    """The deck printed to PDF by headless Chromium; :class:`RenderError` if none is installed.

    With ``background`` Chromium runs at the lowest CPU priority (``nice``), so that printing
    ahead of a reader does not slow the pages being served meanwhile.
    """
    chromium = find_chromium()
    if chromium is None:
        raise RenderError(
            "PDF output needs Chromium (Debian: apt-get install chromium); "
            "write .html or .json instead"
        )
    page = render_html(deck, commentary=commentary, eager=True, extra=extra, beside=beside)
    with tempfile.TemporaryDirectory(prefix="dayone-wbr-") as tmp:
        source = Path(tmp) / "deck.html"
        target = Path(tmp) / "deck.pdf"
        source.write_text(page, encoding="utf-8")
        nice = shutil.which("nice") if background else None
        command = [
            *([nice, "-n", "19"] if nice else []),
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=30000",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=180, check=False)  # noqa: S603 - fixed argument list
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RenderError(f"Chromium could not print the deck: {exc}") from exc
        if done.returncode != 0 or not target.is_file():
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise RenderError(f"Chromium could not print the deck: {detail[0]}")
        return target.read_bytes()


def write_deck(deck: Deck, path: str | Path, *, commentary: Commentary | None = None) -> Path:
    """Write the deck as ``.json``, ``.html`` or ``.pdf`` (by suffix), atomically."""
    from dayone.wbr._config import write_text_atomic

    target = Path(path)
    suffix = target.suffix.lower()
    data: str | bytes
    if suffix == ".json":
        data = deck_to_json(deck)  # compact: indenting runs the pure-Python encoder, 3x slower
    elif suffix in (".html", ".htm"):
        data = render_html(deck, commentary=commentary)
    elif suffix == ".pdf":
        data = render_pdf(deck, commentary=commentary)
    else:
        raise RenderError(f"unknown output type {suffix or '(none)'!r}: use .html, .pdf or .json")
    write_text_atomic(target, data)
    return target
