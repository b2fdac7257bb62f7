"""An analysis spec written as YAML, for ``dayone weblab analyze`` and other tools.

    variants: [control, treatment]
    experiment: checkout-button      # keep only these rows of the exposure log (optional)
    end: 2024-03-20T00:00:00Z        # optional, like start
    pre_period_days: 14              # CUPED's window before each unit's first exposure
    dimension: platform              # break the results down by this exposure column
    exposures: {unit: unit_id, variant: variant, timestamp: exposed_at}
    events: {unit: unit_id, timestamp: ts, date: date}   # date: optional, see EventSource
    metrics:
      - {key: purchased, kind: binomial, where: {event: purchase}}
      - {key: revenue, kind: mean, column: amount, where: {event: purchase}, cuped: true}
      - {key: views, kind: count, where: {event: view}}
      - key: clicks_per_view
        kind: ratio
        numerator: {aggregate: count, where: {event: click}}
        denominator: {aggregate: count, where: {event: view}}

The exposures and events tables are named by the caller (the CLI registers the files as
``exposures`` and ``events``). Anything else is refused with the field that is wrong and, read
from a file, the file and line (``spec.yaml:7: metrics[0].kind: ...``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from dayone.experiments._errors import InvalidSpecError
from dayone.experiments._spec import AnalysisSpec, EventSource, ExposureSource, Measure, Metric

FieldPath = tuple[str | int, ...]

_TOP = (
    "variants",
    "weights",
    "experiment",
    "start",
    "end",
    "pre_period_days",
    "dimension",
    "exposures",
    "events",
    "metrics",
)
_EXPOSURES = ("unit", "variant", "timestamp", "experiment_column")
_EVENTS = ("unit", "timestamp", "date")
_METRIC = ("key", "kind", "column", "where", "cuped", "inverse", "numerator", "denominator")
_MEASURE = ("aggregate", "column", "where")
_KINDS = ("mean", "count", "binomial", "ratio")
# The library's own messages name the dataclass field: map it back to the spec's field.
_NAMED = re.compile(r"\b(AnalysisSpec|ExposureSource|EventSource|Measure|Metric)\.(\w+)")
_TOP_FIELD = {"pre_period": "pre_period_days"}


def dotted(path: FieldPath) -> str:
    """``("metrics", 0, "kind")`` as ``metrics[0].kind``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class SpecFieldError(InvalidSpecError):
    """A spec refused because of one field (``path``), named in the message."""

    def __init__(self, path: FieldPath, message: str, *, place: str | None = None) -> None:
        self.path = path
        self.detail = message
        where = place or dotted(path)
        super().__init__(f"{where}: {message}" if where else message)


def _mapping(value: object, path: FieldPath, known: Sequence[str]) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SpecFieldError(path, f"must be a mapping of {', '.join(known)}")
    for key in value:
        if key not in known:
            raise SpecFieldError(
                (*path, str(key)), f"unknown field (known: {', '.join(sorted(known))})"
            )
    return value


def _moment(value: object, path: FieldPath) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise SpecFieldError(path, f"{value!r} is not a date and time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _refined(
    path: FieldPath, exc: InvalidSpecError, fields: Mapping[str, FieldPath]
) -> SpecFieldError:
    """A library error placed at the spec field its message names (else at ``path``)."""
    match = _NAMED.search(str(exc))
    at = fields.get(match.group(2), path) if match else path
    return SpecFieldError(at, str(exc))


def _measure(value: object, path: FieldPath) -> Measure:
    m = _mapping(value, path, _MEASURE)
    try:
        return Measure(m.get("aggregate", "count"), m.get("column"), m.get("where"))
    except InvalidSpecError as exc:
        raise _refined(path, exc, {f: (*path, f) for f in _MEASURE}) from None


def _metric(item: object, n: int) -> Metric:
    path: FieldPath = ("metrics", n)
    m = _mapping(item, path, _METRIC)
    key, kind = m.get("key"), m.get("kind")
    if not isinstance(key, str) or not key.strip():
        raise SpecFieldError((*path, "key"), "must be a name")
    if kind not in _KINDS:
        raise SpecFieldError((*path, "kind"), f"{kind!r} is not one of {', '.join(_KINDS)}")
    flags = {"cuped": bool(m.get("cuped", False)), "inverse": bool(m.get("inverse", False))}
    fields = {f: (*path, f) for f in _METRIC} | {"aggregate": (*path, "kind")}
    try:
        if kind == "mean":
            if m.get("column") is None:
                raise SpecFieldError((*path, "column"), "a mean metric sums a column: name it")
            return Metric.mean(key, column=m["column"], where=m.get("where"), **flags)
        if kind == "count":
            return Metric.count(key, where=m.get("where"), **flags)
        if kind == "binomial":
            return Metric.binomial(key, where=m.get("where"), **flags)
        for part in ("numerator", "denominator"):
            if not isinstance(m.get(part), Mapping):
                raise SpecFieldError((*path, part), "a ratio needs a numerator and a denominator")
        if flags["cuped"]:
            raise SpecFieldError((*path, "cuped"), "CUPED is not available for ratios")
        num = _measure(m["numerator"], (*path, "numerator"))
        den = _measure(m["denominator"], (*path, "denominator"))
        return Metric.ratio(key, numerator=num, denominator=den, inverse=flags["inverse"])
    except SpecFieldError:
        raise
    except InvalidSpecError as exc:
        raise _refined(path, exc, fields) from None


def spec_from_mapping(
    data: object, *, exposures: str = "exposures", events: str = "events"
) -> AnalysisSpec:
    """The :class:`AnalysisSpec` a parsed YAML mapping describes, over the named tables.

    Raises :class:`SpecFieldError` naming the field that is wrong.
    """
    spec = _mapping(data, (), _TOP)
    metrics = spec.get("metrics")
    if not isinstance(metrics, list) or not metrics:
        raise SpecFieldError(("metrics",), "must list at least one metric")
    x = _mapping(spec.get("exposures"), ("exposures",), _EXPOSURES)
    e = _mapping(spec.get("events"), ("events",), _EVENTS)
    days = spec.get("pre_period_days")
    if days is not None and (
        isinstance(days, bool) or not isinstance(days, int | float) or days <= 0
    ):
        raise SpecFieldError(("pre_period_days",), "must be a positive number of days")
    for name in ("variants", "weights"):
        if spec.get(name) is not None and not isinstance(spec[name], list):
            raise SpecFieldError((name,), "must be a list")
    try:
        exposure_source = ExposureSource(exposures, experiment=spec.get("experiment"), **x)
    except InvalidSpecError as exc:
        fields = {f: ("exposures", f) for f in _EXPOSURES} | {"experiment": ("experiment",)}
        raise _refined(("exposures",), exc, fields) from None
    try:
        event_source = EventSource(events, **e)
    except InvalidSpecError as exc:
        raise _refined(("events",), exc, {f: ("events", f) for f in _EVENTS}) from None
    parsed_metrics = tuple(_metric(m, n) for n, m in enumerate(metrics))
    start = _moment(spec.get("start"), ("start",))
    end = _moment(spec.get("end"), ("end",))
    try:
        return AnalysisSpec(
            exposures=exposure_source,
            events=event_source,
            metrics=parsed_metrics,
            variants=tuple(spec.get("variants") or (0, 1)),
            weights=tuple(spec["weights"]) if spec.get("weights") is not None else None,
            start=start,
            end=end,
            pre_period=timedelta(days=days) if days is not None else None,
            dimension=spec.get("dimension"),
        )
    except (InvalidSpecError, TypeError, ValueError) as exc:
        if not isinstance(exc, InvalidSpecError):  # a weight that is not a number
            raise SpecFieldError(("weights",), "must be numbers") from None
        fields = {f: (_TOP_FIELD.get(f, f),) for f in (*_TOP, "pre_period")}
        raise _refined((), exc, fields) from None


@dataclass(frozen=True)
class SpecFile:
    """A spec read from a file, with the line of each field written in it (1-based)."""

    path: Path
    spec: AnalysisSpec
    lines: Mapping[FieldPath, int] = field(default_factory=dict)

    def where(self, path: FieldPath) -> str:
        """``spec.yaml:7: metrics[0].kind``: the place of a field, for a message."""
        return _place(self.path, self.lines, path)

    def check_columns(
        self, exposures: tuple[str, Sequence[str]], events: tuple[str, Sequence[str]]
    ) -> None:
        """Refuse a column the spec names that its table lacks, naming both places.

        ``exposures`` and ``events`` are each a table's name for the message (its file) and
        its columns.
        """
        checks = (
            (*exposures, self._exposure_columns()),
            (*events, self._event_columns()),
        )
        for name, columns, wanted in checks:
            for path, column in wanted:
                if column not in columns:
                    raise SpecFieldError(
                        path,
                        f"{name} has no column {column!r} (its columns: {', '.join(columns)})",
                        place=self.where(path),
                    )

    def _exposure_columns(self) -> list[tuple[FieldPath, str]]:
        x = self.spec.exposures
        out: list[tuple[FieldPath, str]] = [
            (("exposures", "unit"), x.unit),
            (("exposures", "variant"), x.variant),
            (("exposures", "timestamp"), x.timestamp),
        ]
        if x.experiment is not None:
            out.append((("exposures", "experiment_column"), x.experiment_column))
        if self.spec.dimension is not None:
            out.append((("dimension",), self.spec.dimension))
        return out

    def _event_columns(self) -> list[tuple[FieldPath, str]]:
        e = self.spec.events
        out: list[tuple[FieldPath, str]] = [
            (("events", "unit"), e.unit),
            (("events", "timestamp"), e.timestamp),
        ]
        if e.date is not None:
            out.append((("events", "date"), e.date))
        for n, metric in enumerate(self.spec.metrics):
            parts: list[tuple[FieldPath, Measure]] = [(("metrics", n), metric.numerator)]
            if metric.kind == "ratio":
                parts = [(("metrics", n, "numerator"), metric.numerator)]
                assert metric.denominator is not None  # noqa: S101 - a ratio has one
                parts.append((("metrics", n, "denominator"), metric.denominator))
            for at, measure in parts:
                if measure.column is not None:
                    out.append(((*at, "column"), measure.column))
                out += [((*at, "where", column), column) for column, _ in measure.where]
        return out


def _place(file: Path, lines: Mapping[FieldPath, int], path: FieldPath) -> str:
    # A field not written in the file (a default) gets the line of its nearest written parent.
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return f"{file}:{lines[path[:end]]}: {dotted(path)}"
    return f"{file}: {dotted(path)}" if path else str(file)


def _lines(node: yaml.Node | None, path: FieldPath, out: dict[FieldPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            out[child] = key.start_mark.line + 1
            _lines(value, child, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            out[(*path, index)] = value.start_mark.line + 1
            _lines(value, (*path, index), out)


def read_spec_file(path: str | Path) -> SpecFile:
    """Read a YAML spec; errors name the file, the line and the field (``spec.yaml:7: ...``)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidSpecError(f"{file}: cannot read ({exc.strerror or exc})") from None
    try:
        data = yaml.safe_load(text)
        lines: dict[FieldPath, int] = {}
        _lines(yaml.compose(text, Loader=yaml.SafeLoader), (), lines)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file}:{mark.line + 1}" if mark is not None else str(file)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InvalidSpecError(f"{where}: not valid YAML ({problem})") from None
    try:
        spec = spec_from_mapping(data)
    except SpecFieldError as exc:
        place = _place(file, lines, exc.path)
        raise SpecFieldError(exc.path, exc.detail, place=place) from None
    return SpecFile(file, spec, lines)


def load_spec(path: str | Path) -> AnalysisSpec:
    """Read an analysis spec from a YAML file; errors name the file, the line and the field."""
    return read_spec_file(path).spec
