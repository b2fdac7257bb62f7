"""The metric catalogue as the other parts read it: each WBR metric by its key.

Teams, goals and Weblab name a metric by its key. The keys, units and the way each metric adds
up come from the WBR's own metrics, so one catalogue serves any company, not only the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dayone.server.wbr.enums import MetricRole
from dayone.server.wbr.models import RATE_UNIT

if TYPE_CHECKING:
    from dayone.server.wbr.models import Metric


FRACTIONAL_UNITS = frozenset({"USD", "hours", "contacts"})
"""Units whose values are not whole things, even when they add up."""


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """One metric a team, a goal or an experiment can name: its key, how it adds up, and
    whether it is an input."""

    key: str
    name: str
    unit: str
    aggregation: str
    is_input: bool
    controllable: bool
    description: str
    numerator: str = ""
    denominator: str = ""

    @classmethod
    def of(cls, metric: Metric) -> MetricInfo:
        """The catalogue entry of a WBR metric (its numerator and denominator loaded)."""
        return cls(
            key=metric.key,
            name=metric.name,
            unit=metric.unit,
            aggregation=metric.aggregation,
            is_input=metric.role == MetricRole.INPUT,
            controllable=metric.controllable,
            description=metric.definition,
            numerator=metric.numerator.key if metric.numerator else "",
            denominator=metric.denominator.key if metric.denominator else "",
        )

    @property
    def label(self) -> str:
        """The metric's name, as the deck shows it."""
        return self.name

    @property
    def is_count(self) -> bool:
        """Whole things (orders, titles, sellers) that add up or are counted at a date: their
        values and targets are whole numbers."""
        return (
            self.aggregation in {"sum", "last"}
            and not self.is_rate
            and self.unit not in FRACTIONAL_UNITS
        )

    @property
    def is_rate(self) -> bool:
        """A share between 0 and 1, shown as a percentage."""
        return self.unit == RATE_UNIT


def metric_format(info: MetricInfo | None, value: float | None) -> str:
    """A metric value written for people: rates as percentages, hours with two decimals."""
    if value is None:
        return "\u2013"
    if info is not None and info.is_rate:
        return f"{value * 100:.1f}%"
    if info is not None and info.unit in FRACTIONAL_UNITS - {"USD"}:
        return f"{value:,.2f}"
    if info is not None and info.unit == "USD":
        return f"${value:,.0f}" if abs(value) >= 100 else f"${value:,.2f}"
    if (info is not None and info.is_count) or abs(value - round(value)) < 1e-9:
        return f"{value:,.0f}"
    return f"{value:,.2f}"
