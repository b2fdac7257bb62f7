"""The WBR config as frozen dataclasses: metrics, deck blocks, setup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Aggregation = Literal["sum", "mean", "min", "max", "first", "last", "count", "count_distinct"]
Operation = Literal["sum", "difference", "product", "ratio"]
Comparison = Literal["percent", "bps"]
Better = Literal["higher", "lower"]
Show = Literal["value", "wow", "yoy", "mom"]
MonthlyAxis = Literal["trailing_twelve_months", "fiscal_year"]
LineStyle = Literal["primary", "secondary", "target"]

AGGREGATIONS: tuple[str, ...] = (
    "sum",
    "mean",
    "min",
    "max",
    "first",
    "last",
    "count",
    "count_distinct",
)
OPERATIONS: tuple[str, ...] = ("sum", "difference", "product", "ratio")
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
MONTHS: tuple[str, ...] = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@dataclass(frozen=True, slots=True)
class Metric:
    """One metric: a column aggregation, a filtered column, or a function of other metrics.

    Catalogue fields (``description`` to ``drives``) are carried for the metric catalogue; the
    engine does not compute with them.
    """

    name: str
    line: int | None = None
    label: str | None = None
    column: str | None = None
    aggregation: Aggregation = "sum"
    where: str | None = None
    operation: Operation | None = None
    operands: tuple[str, ...] = ()
    comparison: Comparison = "percent"
    target: str | None = None
    description: str | None = None
    definition: str | None = None
    unit: str | None = None
    owner: str | None = None
    role: Literal["input", "output"] | None = None
    controllable: bool | None = None
    drives: tuple[str, ...] = ()
    better: Better | None = None
    """Which way is good: a rise (``higher``), a fall (``lower``), or neither (``None``)."""

    @property
    def is_derived(self) -> bool:
        """True for a metric computed from other metrics."""
        return self.operation is not None

    @property
    def title(self) -> str:
        """The name a reader sees."""
        return self.label or self.name


@dataclass(frozen=True, slots=True)
class ChartLine:
    """One line of a 6-12 chart."""

    metric: str
    show: Show = "value"
    legend: str | None = None
    style: LineStyle = "primary"
    prior_year: bool = True
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ChartBlock:
    """A 6-12 chart with its box of last week, WoW, YoY, MTD, QTD, YTD."""

    title: str
    lines: tuple[ChartLine, ...]
    monthly_axis: MonthlyAxis | None = None
    y_format: str | None = None
    line: int | None = None
    kind: Literal["chart"] = "chart"


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a 6-week or 12-month table; a row without a metric is a sub-header."""

    header: str
    metric: str | None = None
    show: Show = "value"
    y_format: str | None = None
    style: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A 6-week table (``weeks``) or a 12-month table (``months``).

    A 12-month table shows the trailing twelve months, or the fiscal year's months when its
    ``monthly_axis`` (or the config's) is ``fiscal_year``.
    """

    title: str
    period: Literal["weeks", "months"]
    rows: tuple[TableRow, ...]
    monthly_axis: MonthlyAxis | None = None
    line: int | None = None
    kind: Literal["table"] = "table"


@dataclass(frozen=True, slots=True)
class SectionBlock:
    """A section header; it groups the blocks after it."""

    title: str
    line: int | None = None
    kind: Literal["section"] = "section"


Block = ChartBlock | TableBlock | SectionBlock


@dataclass(frozen=True, slots=True)
class WbrConfig:
    """A whole WBR: setup, metric definitions and the deck layout, in reading order."""

    title: str
    metrics: tuple[Metric, ...]
    blocks: tuple[Block, ...]
    week_ending: dt.date | None = None
    week_ends_on: int = 5
    week_number: int | None = None
    fiscal_year_end_month: int = 12
    monthly_axis: MonthlyAxis = "trailing_twelve_months"
    block_starting_number: int = 1
    source: str | None = None
    file: str | None = None
    notes: tuple[str, ...] = field(default=())

    def metric(self, name: str) -> Metric:
        """The metric called ``name``; ``KeyError`` when there is none."""
        for metric in self.metrics:
            if metric.name == name:
                return metric
        raise KeyError(name)
