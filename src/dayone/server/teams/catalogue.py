"""The metrics a team or a goal can be measured by, named by a metric key.

Until the WBR metric catalogue exists, the keys are the columns and ratios of the daily
business table (``dayone.demo.columns``); plan columns are targets, not metrics, and are left
out. The WBR part links its metrics to the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dayone.demo.columns import METRIC_COLUMNS, RATIOS

Aggregation = Literal["sum", "last", "ratio"]


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """One metric a team or goal can name: its key, how it adds up, and whether it is an input."""

    key: str
    unit: str
    aggregation: Aggregation
    is_input: bool
    controllable: bool
    description: str
    numerator: str = ""
    denominator: str = ""

    @property
    def label(self) -> str:
        """The key written for people: ``two_day_delivery_rate`` -> ``Two day delivery rate``."""
        return self.key.replace("_", " ").capitalize()

    @property
    def is_rate(self) -> bool:
        """A share between 0 and 1, shown as a percentage."""
        return self.unit == "rate"


def _build() -> dict[str, MetricInfo]:
    metrics: dict[str, MetricInfo] = {}
    for column in METRIC_COLUMNS:
        if column.aggregation == "mean":
            continue
        metrics[column.name] = MetricInfo(
            key=column.name,
            unit=column.unit,
            aggregation="last" if column.aggregation == "last" else "sum",
            is_input=column.kind == "input",
            controllable=column.controllable,
            description=column.description,
        )
    for ratio in RATIOS:
        metrics[ratio.name] = MetricInfo(
            key=ratio.name,
            unit=ratio.unit,
            aggregation="ratio",
            is_input=ratio.kind == "input",
            controllable=ratio.controllable,
            description=ratio.description,
            numerator=ratio.numerator,
            denominator=ratio.denominator,
        )
    return dict(sorted(metrics.items()))


METRICS: dict[str, MetricInfo] = _build()
"""Every metric key, sorted."""


def metric_info(key: str) -> MetricInfo | None:
    """The metric named ``key``, or ``None`` when the catalogue does not know it."""
    return METRICS.get(key)


def metric_format(key: str, value: float | None) -> str:
    """A metric value written for people: rates as percentages, hours with one decimal."""
    if value is None:
        return "\u2013"
    info = METRICS.get(key)
    if info is not None and info.is_rate:
        return f"{value * 100:.1f}%"
    if info is not None and info.unit in {"hours", "contacts"}:
        return f"{value:,.2f}"
    if info is not None and info.unit == "USD":
        return f"${value:,.0f}" if abs(value) >= 100 else f"${value:,.2f}"
    if abs(value - round(value)) < 1e-9:
        return f"{value:,.0f}"
    return f"{value:,.2f}"
