"""The deck as the web page shows it: sections, and per metric its 6-12 chart (the engine's
Vega-Lite spec), the box, signals, forecast against target, missing data and the why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from dayone.server.wbr.deck import TARGET_SUFFIX
from dayone.server.wbr.models import RATE_UNIT
from dayone.wbr import (
    Box,
    ChartPanel,
    SectionPanel,
    chart_spec,
    forecast_trust,
    format_change,
    format_value,
    incomplete_note,
    plan_gap_text,
    value_format,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dayone.server.wbr.models import Commentary, Metric
    from dayone.wbr import Deck, DeckWarning, ExtraItem, Forecast, ForecastCheck, MetricResult

LEGEND_LABEL_LIMIT = 360


@dataclass(frozen=True, slots=True)
class BoxCell:
    """One cell of the box: its label, text, and whether its change is good, bad or neutral."""

    label: str
    text: str
    tone: str
    incomplete: str = ""
    """What the value is computed without, in words; empty when it is complete."""


@dataclass(frozen=True, slots=True)
class MetricPanel:
    """One metric of the deck, ready for the template."""

    number: int
    metric: Metric
    result: MetricResult
    spec: dict[str, Any]
    box: tuple[BoxCell, ...]
    signals: tuple[tuple[str, bool], ...]
    """(what happened, whether it is the deck's week)"""
    signal_this_week: bool
    forecast: str
    forecast_on_track: bool | None
    limits: str
    warnings: tuple[DeckWarning, ...]
    why: Commentary | None
    quarter_forecast: str = ""
    quarter_on_track: bool | None = None
    trust: str = ""
    """How far to trust the forecasts: how past ones did, in one sentence."""
    accuracy: tuple[AccuracyRow, ...] = ()
    notes: tuple[ExtraItem, ...] = ()
    """What other parts say beside the metric this week, such as anecdotes that disagree."""
    kind: str = "metric"


@dataclass(frozen=True, slots=True)
class SectionHeader:
    """A section of the deck."""

    title: str
    description: str
    kind: str = "section"


def value_text(metric: Metric, value: float | None) -> str:
    """A metric's value written the way the deck writes it (rates as percentages)."""
    return format_value(value, value_format(metric.unit))


UNITLESS = frozenset({"", "count", RATE_UNIT})
"""Units a value is written without: plain counts, and rates (written as percentages)."""


def unit_text(metric: Metric, value: float | None) -> str:
    """A metric's value as the deck writes it, with its unit: ``1.90M sessions``, ``$1.95M``,
    ``95.5%``."""
    text = value_text(metric, value)
    if value is None or metric.unit in UNITLESS:
        return text
    if metric.unit == "USD":
        return f"${text}" if not text.startswith("-") else f"-${text[1:]}"
    return f"{text} {metric.unit}"


@dataclass(frozen=True, slots=True)
class TargetText:
    """A metric's target for a reader: last week's planned value with its unit when the latest
    deck has it, else the plan it comes from in words; ``value`` and ``plan`` empty without one."""

    value: str
    week: dt.date | None
    plan: str


def target_text(metric: Metric, deck: Deck | None = None) -> TargetText:
    """The target of ``metric`` as the catalogue and the metric's page show it (its source
    loaded); ``deck`` gives last week's planned value when the deck reads the target."""
    if not metric.target_column:
        return TargetText("", None, "")
    plan = f"{metric.name} target"
    if metric.source is not None:
        plan += f", planned in {metric.source.name}"
    result = deck.metrics.get(metric.key + TARGET_SUFFIX) if deck is not None else None
    if deck is None or result is None or result.box.last_week is None:
        return TargetText("", None, plan)
    return TargetText(unit_text(metric, result.box.last_week), deck.week_ending, plan)


def box_cells(metric: Metric, box: Box) -> tuple[BoxCell, ...]:
    """The nine cells of the box: last week, WoW, YoY, MTD, its YoY, QTD, its YoY, YTD, its YoY."""
    cells = []
    tones = box.tones or ("",) * len(Box.LABELS)
    gaps = box.missing or ((),) * len(Box.LABELS)
    for label, value, is_change, tone, days in zip(
        Box.LABELS, box.values(), Box.CHANGES, tones, gaps, strict=True
    ):
        text = format_change(value, box.comparison) if is_change else value_text(metric, value)
        note = incomplete_note(days) if value is not None else ""
        cells.append(BoxCell(label, text, tone, note))
    return tuple(cells)


@dataclass(frozen=True, slots=True)
class AccuracyRow:
    """How the forecasts of one past month or quarter did: made each week, against the actual."""

    kind: str
    period: str
    forecasts: int
    mean_error: str
    inside: int
    last: str
    actual: str


def accuracy_rows(metric: Metric, result: MetricResult) -> tuple[AccuracyRow, ...]:
    """One row per past month and quarter, newest first, from the deck's forecast history."""
    groups: dict[tuple[str, dt.date], list[ForecastCheck]] = {}
    for check in result.forecast_history:
        groups.setdefault((check.period, check.period_end), []).append(check)
    rows = []
    for (kind, end), checks in sorted(
        groups.items(), key=lambda g: (g[0][0], g[0][1]), reverse=True
    ):
        last = max(checks, key=lambda c: c.made_on)
        mean = sum(abs(c.error_percent) for c in checks) / len(checks)
        label = f"{end:%b %Y}" if kind == "month" else f"quarter to {end:%b %Y}"
        rows.append(
            AccuracyRow(
                kind=kind,
                period=label,
                forecasts=len(checks),
                mean_error=f"{mean:.1f}%",
                inside=sum(c.inside for c in checks),
                last=f"{value_text(metric, last.estimate)} on {last.made_on:%d %b}",
                actual=value_text(metric, last.actual),
            )
        )
    return tuple(rows)


def _forecast(metric: Metric, fc: Forecast | None) -> tuple[str, bool | None]:
    if fc is None:
        return "", None
    label = "Month-end" if fc.period == "month" else "Quarter-end"
    estimate = (
        f"{label} forecast {value_text(metric, fc.estimate)} "
        f"(80%: {value_text(metric, fc.low)} to {value_text(metric, fc.high)})"
    )
    if fc.target is None:
        return f"{estimate}: {plan_gap_text(fc)}", None
    text = (
        f"{estimate} against a target of {value_text(metric, fc.target)}: "
        f"{format_change(fc.gap_percent, 'percent')}"
    )
    return text, (fc.gap_percent or 0) >= 0


def _signal_text(result: MetricResult, week: dt.date) -> tuple[tuple[str, bool], ...]:
    return tuple(
        (
            f"Week ending {s.week_ending:%d %b}: {s.reason or s.rule.replace('_', ' ')}",
            s.week_ending == week,
        )
        for s in result.signals
    )


def _warnings_for(metric: Metric, deck: Deck) -> tuple[DeckWarning, ...]:
    names = {metric.key, metric.key + TARGET_SUFFIX}
    if metric.numerator is not None:
        names.add(metric.numerator.key)
    if metric.denominator is not None:
        names.add(metric.denominator.key)
    return tuple(w for w in deck.warnings if w.metric in names)


def _web_spec(result: MetricResult, panel: ChartPanel, deck: Deck) -> dict[str, Any]:
    """The engine's chart spec, with legends wide enough for long metric names."""
    spec = chart_spec(result, panel, deck)
    config = dict(spec.get("config") or {})
    # Two columns: this year, last year and the target fit a phone, none cut short.
    config["legend"] = {**config.get("legend", {}), "labelLimit": LEGEND_LABEL_LIMIT, "columns": 2}
    # As wide as the page gives it (a phone too), its labels thinned out rather than overlapping.
    return {
        **spec,
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": config,
    }


_last_panels: list[tuple[Deck, tuple[Metric, ...], list[MetricPanel | SectionHeader]]] = []


def deck_panels(
    deck: Deck,
    metrics: Mapping[str, Metric],
    commentary: Mapping[str, Commentary],
    notes: Mapping[str, tuple[ExtraItem, ...]] | None = None,
) -> list[MetricPanel | SectionHeader]:
    """The deck's sections and metrics in the order of the config, each with its why and its
    ``notes``. The rest is the same for every reader of the same deck and metrics: the process
    keeps the panels it drew last, and only the why and the notes are read for each reader."""
    drawn = _panels_drawn(deck, metrics)
    return [
        replace(
            panel,
            why=commentary.get(panel.metric.key),
            notes=(notes or {}).get(panel.metric.key, ()),
        )
        if isinstance(panel, MetricPanel)
        else panel
        for panel in drawn
    ]


def _panels_drawn(deck: Deck, metrics: Mapping[str, Metric]) -> list[MetricPanel | SectionHeader]:
    kept = next(iter(_last_panels), None)
    these = tuple(metrics.values())
    if (
        kept is not None
        and kept[0] is deck
        and len(kept[1]) == len(these)
        and all(a is b for a, b in zip(kept[1], these, strict=True))
    ):
        return kept[2]
    drawn = _panels_draw(deck, metrics)
    _last_panels[:] = [(deck, these, drawn)]
    return drawn


def _panels_draw(deck: Deck, metrics: Mapping[str, Metric]) -> list[MetricPanel | SectionHeader]:
    by_title = {m.section.name: m.section for m in metrics.values() if m.section is not None}
    panels: list[MetricPanel | SectionHeader] = []
    for panel in deck.panels:
        if isinstance(panel, SectionPanel):
            section = by_title.get(panel.title)
            panels.append(SectionHeader(panel.title, section.description if section else ""))
        elif isinstance(panel, ChartPanel):
            key = panel.lines[0].key
            metric = metrics[key]
            result = deck.metrics[key]
            forecast, on_track = _forecast(metric, result.forecast)
            quarter, quarter_on_track = _forecast(metric, result.quarter_forecast)
            limits = ""
            if result.limits is not None:
                lim = result.limits
                limits = (
                    f"Expected {value_text(metric, lim.center)} last week; routine variation "
                    f"{value_text(metric, lim.lower)} to {value_text(metric, lim.upper)} "
                    f"({lim.baseline_weeks} baseline weeks)"
                )
            panels.append(
                MetricPanel(
                    number=panel.number,
                    metric=metric,
                    result=result,
                    spec=_web_spec(result, panel, deck),
                    box=box_cells(metric, result.box),
                    signals=_signal_text(result, deck.week_ending),
                    signal_this_week=any(s.week_ending == deck.week_ending for s in result.signals),
                    forecast=forecast,
                    forecast_on_track=on_track,
                    limits=limits,
                    quarter_forecast=quarter,
                    quarter_on_track=quarter_on_track,
                    trust=forecast_trust(result.forecast_history),
                    accuracy=accuracy_rows(metric, result),
                    warnings=_warnings_for(metric, deck),
                    why=None,
                )
            )
    return panels


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """Last week's deck in a glance: what signalled, what has no why yet, what is off track."""

    metrics: int
    signals: tuple[MetricPanel, ...]
    unexplained: int
    off_track: tuple[MetricPanel, ...]


def week_summary(panels: list[MetricPanel | SectionHeader]) -> WeekSummary:
    """The deck's metrics that signalled in its week, and those forecast to miss their target."""
    metrics = [panel for panel in panels if isinstance(panel, MetricPanel)]
    signals = tuple(panel for panel in metrics if panel.signal_this_week)
    return WeekSummary(
        metrics=len(metrics),
        signals=signals,
        unexplained=sum(1 for panel in signals if panel.why is None),
        off_track=tuple(panel for panel in metrics if panel.forecast_on_track is False),
    )
