"""What to analyse: where exposures and events live, and the metrics computed from events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from dayone import warehouse
from dayone.experiments._errors import InvalidSpecError

Aggregate = Literal["sum", "count", "any"]
MetricKind = Literal["mean", "binomial", "ratio"]
FilterValue = str | int | float | bool


def quote_identifier(name: object, what: str) -> str:
    """Double-quote a plain SQL identifier, refusing anything that is not one."""
    try:
        return warehouse.quote_identifier(name, what)
    except warehouse.IdentifierError as exc:
        raise InvalidSpecError(str(exc)) from None


def quote_table(name: object, what: str) -> str:
    """Quote a table name, optionally qualified by a schema (``schema.table``)."""
    try:
        return warehouse.quote_table(name, what)
    except warehouse.IdentifierError as exc:
        raise InvalidSpecError(str(exc)) from None


def _as_tuple(value: object) -> tuple[Any, ...]:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return tuple(value)
    return ()


def _freeze_where(
    where: Mapping[str, Any] | None, what: str
) -> tuple[tuple[str, tuple[FilterValue, ...]], ...]:
    if where is None:
        return ()
    if not isinstance(where, Mapping):
        raise InvalidSpecError(f"{what} must map column names to values")
    out = []
    for column, value in sorted(where.items()):
        quote_identifier(column, f"{what} column")
        values = tuple(value) if isinstance(value, list | tuple | set | frozenset) else (value,)
        if not values:
            raise InvalidSpecError(f"{what}[{column!r}] must list at least one value")
        for v in values:
            if not isinstance(v, str | int | float | bool):
                raise InvalidSpecError(
                    f"{what}[{column!r}] values must be strings, numbers or booleans, got {v!r}"
                )
        out.append((column, values))
    return tuple(out)


@dataclass(frozen=True)
class Measure:
    """A per-unit aggregate of events: what one unit did after (or before) its exposure.

    ``aggregate="sum"`` sums ``column``; ``"count"`` counts events; ``"any"`` is 1 when the
    unit has at least one event (a conversion). ``where`` keeps only events whose columns
    equal the given value (or one of the given values), e.g. ``{"event": "purchase"}``.
    """

    aggregate: Aggregate = "count"
    column: str | None = None
    where: Any = None

    def __post_init__(self) -> None:
        if self.aggregate not in ("sum", "count", "any"):
            raise InvalidSpecError(
                f"Measure.aggregate must be sum, count or any, got {self.aggregate!r}"
            )
        if self.aggregate == "sum":
            if self.column is None:
                raise InvalidSpecError("Measure.column is required to sum")
            quote_identifier(self.column, "Measure.column")
        elif self.column is not None:
            raise InvalidSpecError(f"Measure.column is only used with sum, not {self.aggregate}")
        object.__setattr__(self, "where", _freeze_where(self.where, "Measure.where"))


@dataclass(frozen=True)
class Metric:
    """A metric of the experiment, computed per unit from events after first exposure.

    Build one with :meth:`mean`, :meth:`count`, :meth:`binomial` or :meth:`ratio`.
    ``cuped=True`` adds the same measure over the pre-exposure window as a covariate (CUPED),
    when the analysis has a ``pre_period``. ``inverse=True`` marks a metric where lower is
    better (latency, refunds).
    """

    key: str
    kind: MetricKind
    numerator: Measure
    denominator: Measure | None = None
    cuped: bool = False
    inverse: bool = False

    def __post_init__(self) -> None:
        if not _is_text(self.key):
            raise InvalidSpecError("Metric.key must be a non-empty string")
        if self.kind not in ("mean", "binomial", "ratio"):
            raise InvalidSpecError(
                f"Metric.kind must be mean, binomial or ratio, got {self.kind!r}"
            )
        if not isinstance(self.numerator, Measure):
            raise InvalidSpecError(f"Metric {self.key!r}: numerator must be a Measure")
        if self.kind == "ratio":
            if not isinstance(self.denominator, Measure):
                raise InvalidSpecError(f"Metric {self.key!r}: a ratio needs a denominator Measure")
            if self.cuped:
                raise InvalidSpecError(f"Metric {self.key!r}: CUPED is not available for ratios")
        elif self.denominator is not None:
            raise InvalidSpecError(f"Metric {self.key!r}: only ratio metrics have a denominator")
        if self.kind == "binomial" and self.numerator.aggregate != "any":
            raise InvalidSpecError(f"Metric {self.key!r}: a binomial metric counts 'any' events")

    @classmethod
    def mean(
        cls,
        key: str,
        *,
        column: str,
        where: Mapping[str, Any] | None = None,
        cuped: bool = False,
        inverse: bool = False,
    ) -> Metric:
        """Mean per unit of the sum of ``column`` (e.g. revenue per user)."""
        return cls(key, "mean", Measure("sum", column, where), cuped=cuped, inverse=inverse)

    @classmethod
    def count(
        cls,
        key: str,
        *,
        where: Mapping[str, Any] | None = None,
        cuped: bool = False,
        inverse: bool = False,
    ) -> Metric:
        """Mean per unit of the number of events (e.g. sessions per user)."""
        return cls(key, "mean", Measure("count", None, where), cuped=cuped, inverse=inverse)

    @classmethod
    def binomial(
        cls,
        key: str,
        *,
        where: Mapping[str, Any] | None = None,
        cuped: bool = False,
        inverse: bool = False,
    ) -> Metric:
        """Share of units with at least one event (e.g. conversion)."""
        return cls(key, "binomial", Measure("any", None, where), cuped=cuped, inverse=inverse)

    @classmethod
    def ratio(
        cls, key: str, *, numerator: Measure, denominator: Measure, inverse: bool = False
    ) -> Metric:
        """Ratio of two per-unit measures summed over units (e.g. clicks per session)."""
        return cls(key, "ratio", numerator, denominator, inverse=inverse)


@dataclass(frozen=True)
class ExposureSource:
    """The exposures table: one row per exposure of a unit to a variant.

    Several rows per unit are allowed (an exposure log): the first exposure counts, and units
    seen in more than one variant are left out and counted. ``experiment``, when set, keeps
    only rows whose ``experiment_column`` equals it (one log shared by many experiments).
    Timestamps are stored as UTC without a time zone.
    """

    table: str
    unit: str = "unit_id"
    variant: str = "variant"
    timestamp: str = "exposed_at"
    experiment: str | None = None
    experiment_column: str = "experiment"

    def __post_init__(self) -> None:
        quote_table(self.table, "ExposureSource.table")
        for name in ("unit", "variant", "timestamp", "experiment_column"):
            quote_identifier(getattr(self, name), f"ExposureSource.{name}")
        if self.experiment is not None and not _is_text(self.experiment):
            raise InvalidSpecError("ExposureSource.experiment must be a string")


@dataclass(frozen=True)
class EventSource:
    """The events table: one row per event, with the unit id and a UTC timestamp.

    ``date`` names a column holding each event's UTC date, such as the ``date`` partition that
    ``dayone.warehouse.ingest`` writes. With it, the analysis reads only the dates from the
    start (less the pre-period) to the end, so the engine opens only those dates' files.
    """

    table: str
    unit: str = "unit_id"
    timestamp: str = "ts"
    date: str | None = None

    def __post_init__(self) -> None:
        quote_table(self.table, "EventSource.table")
        quote_identifier(self.unit, "EventSource.unit")
        quote_identifier(self.timestamp, "EventSource.timestamp")
        if self.date is not None:
            quote_identifier(self.date, "EventSource.date")


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_positive_duration(value: object) -> bool:
    return isinstance(value, timedelta) and value > timedelta(0)


def to_naive_utc(value: object, what: str) -> datetime | None:
    """An aware datetime as naive UTC (how the warehouse stores time); naive ones are refused."""
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidSpecError(f"{what} must be a timezone-aware datetime")
    return value.astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class AnalysisSpec:
    """One experiment's analysis: sources, variants, metrics and windows.

    ``variants`` are the values of the exposures' variant column, the baseline first;
    ``weights`` the planned split (equal by default) for the sample-ratio check. ``start`` and
    ``end`` (aware datetimes) bound the exposures and events analysed; ``pre_period`` is the
    covariate window before each unit's first exposure for CUPED metrics; ``dimension`` a
    column of the exposures table to break results down by (its value at first exposure).
    """

    exposures: ExposureSource
    events: EventSource
    metrics: tuple[Metric, ...]
    variants: tuple[str | int, ...] = (0, 1)
    weights: tuple[float, ...] | None = None
    start: datetime | None = None
    end: datetime | None = None
    pre_period: timedelta | None = None
    dimension: str | None = None
    _start_utc: datetime | None = field(init=False, repr=False, compare=False, default=None)
    _end_utc: datetime | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if not isinstance(self.exposures, ExposureSource):
            raise InvalidSpecError("AnalysisSpec.exposures must be an ExposureSource")
        if not isinstance(self.events, EventSource):
            raise InvalidSpecError("AnalysisSpec.events must be an EventSource")
        metrics = tuple(self.metrics)
        if not metrics or not all(isinstance(m, Metric) for m in metrics):
            raise InvalidSpecError("AnalysisSpec.metrics must be a non-empty sequence of Metric")
        keys = [m.key for m in metrics]
        if len(set(keys)) != len(keys):
            raise InvalidSpecError(f"AnalysisSpec.metrics has duplicate keys: {keys}")
        object.__setattr__(self, "metrics", metrics)
        variants = _as_tuple(self.variants)
        if len(variants) < 2 or len(set(variants)) != len(variants):
            raise InvalidSpecError("AnalysisSpec.variants must list at least 2 distinct variants")
        kinds = {type(v) for v in variants}
        if not (kinds <= {int} or kinds <= {str}):
            raise InvalidSpecError("AnalysisSpec.variants must be all integers or all strings")
        object.__setattr__(self, "variants", variants)
        if self.weights is not None:
            weights = tuple(float(w) for w in self.weights)
            if len(weights) != len(variants) or any(not w > 0 for w in weights):
                raise InvalidSpecError("AnalysisSpec.weights needs one positive weight per variant")
            if abs(sum(weights) - 1.0) > 1e-6:
                raise InvalidSpecError(
                    f"AnalysisSpec.weights must sum to 1, they sum to {sum(weights)}"
                )
            object.__setattr__(self, "weights", weights)
        start = to_naive_utc(self.start, "AnalysisSpec.start")
        end = to_naive_utc(self.end, "AnalysisSpec.end")
        if start is not None and end is not None and not start < end:
            raise InvalidSpecError("AnalysisSpec.start must be before AnalysisSpec.end")
        object.__setattr__(self, "_start_utc", start)
        object.__setattr__(self, "_end_utc", end)
        if self.pre_period is not None and not _is_positive_duration(self.pre_period):
            raise InvalidSpecError("AnalysisSpec.pre_period must be a positive timedelta")
        if self.dimension is not None:
            quote_identifier(self.dimension, "AnalysisSpec.dimension")

    @property
    def planned_weights(self) -> tuple[float, ...]:
        """The planned split: ``weights`` or equal shares."""
        if self.weights is not None:
            return self.weights
        return tuple(1.0 / len(self.variants) for _ in self.variants)

    def uses_covariate(self, metric: Metric) -> bool:
        """Whether ``metric`` gets a pre-period covariate in this analysis."""
        return metric.cuped and self.pre_period is not None
