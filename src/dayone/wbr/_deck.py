"""The deck: what a WBR shows, as frozen dataclasses, and its JSON form."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Value = float | None
Days = tuple[dt.date, ...]
Tone = Literal["good", "bad", "neutral", ""]


@dataclass(frozen=True, slots=True)
class Series:
    """Values over periods: this year, last year, and the target where one exists.

    ``labels`` are what the axis shows (``wk 38``, ``Sep``); ``ends`` are the last day of each
    period. ``partial`` marks periods that begin before the metric's first day of data.
    ``to_date`` is set when the last period with a value has not ended: it runs to that day
    (the current month of a fiscal-year axis shows month to date). ``missing`` (this year) and
    ``prior_missing`` (last year) give, per period, the days its value is computed without (no
    data, or a blank cell in one of a date's rows): empty when the period is complete.
    """

    labels: tuple[str, ...]
    ends: tuple[dt.date, ...]
    current: tuple[Value, ...]
    prior: tuple[Value, ...]
    target: tuple[Value, ...] | None = None
    partial: tuple[bool, ...] = ()
    to_date: dt.date | None = None
    missing: tuple[Days, ...] = ()
    prior_missing: tuple[Days, ...] = ()

    def incomplete(self, i: int) -> Days:
        """The days period ``i`` (this year) lacks; empty when it is complete."""
        return self.missing[i] if i < len(self.missing) else ()


@dataclass(frozen=True, slots=True)
class Box:
    """Last week, week over week, year over year, month-, quarter- and year-to-date.

    Comparisons are in percent, or in basis points when ``comparison`` is ``bps``.
    """

    last_week: Value
    wow: Value
    yoy: Value
    mtd: Value
    mtd_yoy: Value
    qtd: Value
    qtd_yoy: Value
    ytd: Value
    ytd_yoy: Value
    comparison: Literal["percent", "bps"] = "percent"
    tones: tuple[Tone, ...] = ()
    """Per cell: ``good``, ``bad`` or ``neutral`` for a change, by the metric's direction."""
    missing: tuple[Days, ...] = ()
    """Per cell: the days its value is computed without (for a change, on either side)."""

    LABELS = ("LastWk", "WOW", "YOY", "MTD", "YOY", "QTD", "YOY", "YTD", "YOY")
    CHANGES = (False, True, True, False, True, False, True, False, True)
    """Which of the nine cells are changes (the others are values)."""

    def values(self) -> tuple[Value, ...]:
        """The nine values in the order the deck shows them."""
        return (
            self.last_week,
            self.wow,
            self.yoy,
            self.mtd,
            self.mtd_yoy,
            self.qtd,
            self.qtd_yoy,
            self.ytd,
            self.ytd_yoy,
        )


def incomplete_note(days: Days, *, limit: int = 6) -> str:
    """How a value is incomplete, in words: ``"incomplete: 1 day missing (2021-09-22)"``."""
    if not days:
        return ""
    listed = ", ".join(d.isoformat() for d in days[:limit])
    more = f" and {len(days) - limit} more" if len(days) > limit else ""
    return f"incomplete: {len(days)} day{'s' if len(days) > 1 else ''} missing ({listed}{more})"


def change_tones(
    values: tuple[Value, ...], better: Literal["higher", "lower"] | None
) -> tuple[Tone, ...]:
    """Good, bad or neutral for each change in the box, by the way the metric should move.

    A rise is good when higher is better and bad when lower is; with no direction, or no
    change, it is neutral. Values (not changes) and missing changes have no tone.
    """
    tones: list[Tone] = []
    for value, is_change in zip(values, Box.CHANGES, strict=True):
        if not is_change or value is None or not math.isfinite(value):
            tones.append("")
        elif value == 0 or better is None:
            tones.append("neutral")
        else:
            tones.append("good" if (value > 0) == (better == "higher") else "bad")
    return tuple(tones)


@dataclass(frozen=True, slots=True)
class Limits:
    """Process limits for the last week: the expected value (``center``) and the band around it.

    For a deck metric the centre is what trend and yearly seasonality expected for the week and
    the band is three robust standard deviations of the baseline weeks' residuals; for an XmR
    chart (customer themes) they are the natural process limits of the baseline weeks.
    """

    center: float
    lower: float
    upper: float
    baseline_weeks: int


@dataclass(frozen=True, slots=True)
class Signal:
    """A week whose value is exceptional variation, not routine noise.

    ``expected`` is what the week was expected to be, ``sigmas`` how many standard deviations
    of routine variation the value lies from it, and ``reason`` says so in words.
    """

    week_ending: dt.date
    value: float
    rule: Literal[
        "above_expected",
        "below_expected",
        "above_upper_limit",
        "below_lower_limit",
        "run_above_center",
        "run_below_center",
    ]
    expected: float | None = None
    sigmas: float | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Forecast:
    """Are we on track? The period-end value forecast from the data so far, against target."""

    period: Literal["month", "quarter"]
    period_end: dt.date
    actual_to_date: Value
    estimate: float
    low: float
    high: float
    target: float | None
    """The period's plan, or ``None`` when the plan does not cover every day of the period
    (a part of a plan is not the period's target)."""
    gap_percent: Value
    method: str
    target_days: int | None = None
    """When the plan misses days of the period: how many it covers, and the last of them."""
    target_through: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ForecastCheck:
    """One past forecast against what happened: made on ``made_on`` for the period ending on
    ``period_end``, with its 80% band, the actual, and the error in percent of the actual."""

    period: Literal["month", "quarter"]
    made_on: dt.date
    period_end: dt.date
    estimate: float
    low: float
    high: float
    actual: float
    error_percent: float
    inside: bool


@dataclass(frozen=True, slots=True)
class MetricResult:
    """Everything the deck shows about one metric (or one comparison series of it)."""

    key: str
    name: str
    title: str
    show: Literal["value", "wow", "yoy", "mom"]
    comparison: Literal["percent", "bps"]
    weekly: Series
    monthly: Series
    fiscal: Series
    box: Box
    limits: Limits | None = None
    signals: tuple[Signal, ...] = ()
    forecast: Forecast | None = None
    """The month-end forecast against the month's target."""
    quarter_forecast: Forecast | None = None
    """The fiscal quarter-end forecast against the quarter's target."""
    forecast_history: tuple[ForecastCheck, ...] = ()
    """How past month- and quarter-end forecasts of this metric did, oldest first."""
    unit: str | None = None
    description: str | None = None
    owner: str | None = None
    role: str | None = None
    controllable: bool | None = None
    drives: tuple[str, ...] = ()
    target_metric: str | None = None
    better: Literal["higher", "lower"] | None = None
    zero_based: bool = False
    """Its chart's y axis starts at zero: a count, a sum of things, whose size matters."""


@dataclass(frozen=True, slots=True)
class ChartLinePanel:
    """One line of a chart: which metric result, how it is drawn."""

    key: str
    legend: str
    style: Literal["primary", "secondary", "target"]
    prior_year: bool


@dataclass(frozen=True, slots=True)
class ChartPanel:
    """A 6-12 chart block with its box."""

    number: int
    title: str
    monthly_axis: Literal["trailing_twelve_months", "fiscal_year"]
    lines: tuple[ChartLinePanel, ...]
    y_format: str | None = None
    kind: Literal["chart"] = "chart"


@dataclass(frozen=True, slots=True)
class TableRowPanel:
    """One row of a table: a sub-header (no key) or a metric's values."""

    header: str
    key: str | None
    values: tuple[Value, ...]
    y_format: str | None = None
    style: str | None = None
    missing: tuple[Days, ...] = ()
    """Per cell: the days its value is computed without; empty when complete."""


@dataclass(frozen=True, slots=True)
class TablePanel:
    """A 6-week table (six weeks, QTD, YTD) or a 12-month table."""

    number: int
    title: str
    period: Literal["weeks", "months"]
    headers: tuple[str, ...]
    rows: tuple[TableRowPanel, ...]
    monthly_axis: Literal["trailing_twelve_months", "fiscal_year"] = "trailing_twelve_months"
    kind: Literal["table"] = "table"


@dataclass(frozen=True, slots=True)
class SectionPanel:
    """A section header."""

    number: int
    title: str
    kind: Literal["section"] = "section"


Panel = ChartPanel | TablePanel | SectionPanel


@dataclass(frozen=True, slots=True)
class DeckWarning:
    """Something a reader must know: missing data, a partial period, an ignored setting."""

    message: str
    metric: str | None = None
    dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True, slots=True)
class Deck:
    """A WBR deck for one week: panels in the config's order and the metric results they show."""

    title: str
    week_ending: dt.date
    week_number: int
    fiscal_year_end_month: int
    panels: tuple[Panel, ...]
    metrics: Mapping[str, MetricResult]
    warnings: tuple[DeckWarning, ...] = ()
    source: str | None = None
    source_first_date: dt.date | None = None
    source_last_date: dt.date | None = None

    def metric(self, key: str) -> MetricResult:
        """The result for ``key`` (a metric name, or ``name:yoy`` for a comparison series)."""
        return self.metrics[key]


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def deck_to_dict(deck: Deck) -> dict[str, Any]:
    """The deck as plain JSON-ready data (dates as ISO text, missing values as ``None``)."""
    data: dict[str, Any] = _plain(deck)
    data["format"] = "dayone-wbr-deck/1"
    return data


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _json_default(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: getattr(value, name) for name in _field_names(type(value))}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _fields(value: object) -> dict[str, Any]:
    cls: type = type(value)
    return {name: getattr(value, name) for name in _field_names(cls)}


def _iso(days: tuple[dt.date, ...], memo: dict[int, tuple[Any, list[str]]]) -> list[str]:
    # Every series of a grain shares one tuple of period ends: write its dates once.
    hit = memo.get(id(days))
    if hit is None or hit[0] is not days:
        hit = (days, [day.isoformat() for day in days])
        memo[id(days)] = hit
    return hit[1]


def _series_json(series: Series, memo: dict[int, tuple[Any, list[str]]]) -> dict[str, Any]:
    out = _fields(series)
    out["ends"] = _iso(series.ends, memo)
    return out


def _metric_json(result: MetricResult, memo: dict[int, tuple[Any, list[str]]]) -> dict[str, Any]:
    out = _fields(result)
    out["weekly"] = _series_json(result.weekly, memo)
    out["monthly"] = _series_json(result.monthly, memo)
    out["fiscal"] = _series_json(result.fiscal, memo)
    out["box"] = _fields(result.box)
    if result.limits is not None:
        out["limits"] = _fields(result.limits)
    out["signals"] = [
        {
            "week_ending": s.week_ending.isoformat(),
            "value": s.value,
            "rule": s.rule,
            "expected": s.expected,
            "sigmas": s.sigmas,
            "reason": s.reason,
        }
        for s in result.signals
    ]
    for name in ("forecast", "quarter_forecast"):
        found: Forecast | None = getattr(result, name)
        if found is not None:
            forecast = _fields(found)
            forecast["period_end"] = found.period_end.isoformat()
            out[name] = forecast
    return out


def deck_to_json(deck: Deck, *, indent: int | None = None) -> str:
    """The deck as JSON text (the same data as :func:`deck_to_dict`)."""
    body = _fields(deck)
    memo: dict[int, tuple[Any, list[str]]] = {}
    body["metrics"] = {key: _metric_json(r, memo) for key, r in deck.metrics.items()}
    body["format"] = "dayone-wbr-deck/1"
    return json.dumps(
        body, indent=indent, ensure_ascii=False, allow_nan=False, default=_json_default
    )
