"""Reading and writing WBR configs: the WBR app's YAML, unchanged, and dayone's own format.

Both formats load into the same :class:`WbrConfig`. Every error names the file and the line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path
from typing import Any, cast

import yaml
from typing_extensions import override

from dayone.wbr._errors import ConfigError
from dayone.wbr._filter import parse_filter
from dayone.wbr._model import (
    AGGREGATIONS,
    MONTHS,
    OPERATIONS,
    WEEKDAYS,
    Aggregation,
    Block,
    ChartBlock,
    ChartLine,
    Comparison,
    LineStyle,
    Metric,
    MonthlyAxis,
    Operation,
    SectionBlock,
    Show,
    TableBlock,
    TableRow,
    WbrConfig,
)

FORMAT_KEY = "dayone_wbr"
FORMAT_VERSION = 1

_WBR_AGGREGATIONS: dict[str, Aggregation] = {
    "sum": "sum",
    "mean": "mean",
    "avg": "mean",
    "average": "mean",
    "min": "min",
    "max": "max",
    "first": "first",
    "last": "last",
    "count": "count",
    "nunique": "count_distinct",
    "count_distinct": "count_distinct",
}
_WBR_FUNCTIONS: dict[str, Operation] = {
    "sum": "sum",
    "difference": "difference",
    "product": "product",
    "divide": "ratio",
    "ratio": "ratio",
}
_SUFFIXES: tuple[tuple[str, Show], ...] = (("YOY", "yoy"), ("WOW", "wow"), ("MOM", "mom"))


class _Map(dict[str, Any]):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.CSafeLoader):  # libyaml: the same marks, ten times faster
    @override
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = _Map({str(k): v for k, v in super().construct_mapping(node, deep=deep).items()})
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {
            str(key.value): key.start_mark.line + 1
            for key, _ in node.value
            if hasattr(key, "value")
        }
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _LineLoader.construct_mapping,
)


class _Reader:
    """Helpers that raise :class:`ConfigError` with the file and line."""

    def __init__(self, file: str | None) -> None:
        self.file = file

    def fail(self, message: str, line: int | None) -> ConfigError:
        return ConfigError(message, file=self.file, line=line)

    def line_of(self, mapping: Any, key: str | None = None) -> int | None:
        if isinstance(mapping, _Map):
            if key is not None and key in mapping.key_lines:
                return mapping.key_lines[key]
            return mapping.line
        return None

    def mapping(self, value: Any, what: str, line: int | None) -> _Map:
        if not isinstance(value, _Map):
            raise self.fail(f"{what} must be a mapping of names to settings", line)
        return value

    def text(self, mapping: _Map, key: str, what: str) -> str | None:
        value = mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, str | int | float):
            raise self.fail(f"{what}: '{key}' must be text", self.line_of(mapping, key))
        return str(value)

    def flag(self, mapping: _Map, key: str, what: str, default: bool) -> bool:
        value = mapping.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{what}: '{key}' must be true or false", self.line_of(mapping, key))
        return value


def load_config(path: str | Path) -> WbrConfig:
    """Read a WBR config file in either format (the WBR app's YAML or dayone's).

    Raises :class:`ConfigError` naming the file and line of the first fault.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot read the config: {exc.strerror}", file=str(file)) from exc
    return parse_config(text, file=str(file))


def parse_config(text: str, *, file: str | None = None) -> WbrConfig:
    """Parse WBR config text in either format; ``file`` is used in error messages."""
    reader = _Reader(file)
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a CSafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise reader.fail(f"YAML error: {exc.problem}", line) from exc
    except yaml.YAMLError as exc:
        raise reader.fail(f"YAML error: {exc}", None) from exc
    if not isinstance(document, _Map):
        raise reader.fail("a WBR config is a YAML mapping (setup, metrics, deck)", 1)
    if FORMAT_KEY in document:
        config = _parse_dayone(document, reader)
    else:
        config = _parse_wbr_app(document, reader)
    validate_config(config)
    return config


# -- shared value parsers ---------------------------------------------------------------------


def _parse_week_ending(value: Any, reader: _Reader, line: int | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d-%b-%Y", "%Y-%m-%d", "%d %b %Y", "%d-%B-%Y"):
        try:
            return dt.datetime.strptime(text.title() if "%b" in fmt else text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise reader.fail(
        f"invalid week ending {text!r}: write a date such as 25-SEP-2021 or 2021-09-25", line
    )


def _parse_month(value: Any, reader: _Reader, line: int | None) -> int:
    text = str(value).strip().lower()
    if text == "":
        return 12
    for number, name in enumerate(MONTHS, start=1):
        if text in (name, name[:3]):
            return number
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    raise reader.fail(f"invalid fiscal year end month {value!r}: write a month such as DEC", line)


def _parse_weekday(value: Any, reader: _Reader, line: int | None) -> int:
    text = str(value).strip().lower()
    for number, name in enumerate(WEEKDAYS):
        if text in (name, name[:3]):
            return number
    raise reader.fail(f"invalid weekday {value!r}: write a day such as saturday", line)


def _parse_monthly_axis(value: Any, reader: _Reader, line: int | None) -> MonthlyAxis:
    text = str(value).strip()
    if text in ("trailing_twelve_months", "fiscal_year"):
        return cast("MonthlyAxis", text)
    raise reader.fail(
        f"invalid monthly axis {text!r}: expected trailing_twelve_months or fiscal_year", line
    )


def _split_reference(name: str, metrics: set[str]) -> tuple[str, Show]:
    """``PageViewsYOY`` -> (``PageViews``, ``yoy``) when ``PageViewsYOY`` is not itself a metric."""
    if name in metrics:
        return name, "value"
    for suffix, show in _SUFFIXES:
        if name.endswith(suffix) and name[: -len(suffix)] in metrics:
            return name[: -len(suffix)], show
    return name, "value"


# -- the WBR app's format ---------------------------------------------------------------------


def _parse_wbr_app(doc: _Map, reader: _Reader) -> WbrConfig:
    notes: list[str] = []
    setup = reader.mapping(doc.get("setup"), "setup", reader.line_of(doc, "setup"))
    if "week_ending" not in setup:
        raise reader.fail("setup: week_ending is required", setup.line)
    week_ending = _parse_week_ending(
        setup["week_ending"], reader, reader.line_of(setup, "week_ending")
    )
    week_number = setup.get("week_number")
    if week_number is not None and (not isinstance(week_number, int) or not 1 <= week_number <= 53):
        raise reader.fail(
            f"setup: week_number must be a whole number from 1 to 53, not {week_number!r}",
            reader.line_of(setup, "week_number"),
        )
    fiscal = _parse_month(
        setup.get("fiscal_year_end_month", "DEC") or "DEC",
        reader,
        reader.line_of(setup, "fiscal_year_end_month"),
    )
    axis: MonthlyAxis = "trailing_twelve_months"
    if "x_axis_monthly_display" in setup:
        axis = _parse_monthly_axis(
            setup["x_axis_monthly_display"], reader, reader.line_of(setup, "x_axis_monthly_display")
        )
    notes.extend(
        f"setup.{ignored} is not used by dayone"
        for ignored in ("db_config_url", "tooltip")
        if ignored in setup
    )
    if "data_sources" in doc:
        notes.append("data_sources are not used: pass the data with --data or a warehouse table")

    metrics_doc = reader.mapping(doc.get("metrics"), "metrics", reader.line_of(doc, "metrics"))
    metrics = [
        _wbr_metric(str(name), spec, reader, reader.line_of(metrics_doc, str(name)))
        for name, spec in metrics_doc.items()
    ]
    names = {m.name for m in metrics}
    deck = doc.get("deck")
    if not isinstance(deck, list):
        raise reader.fail("deck must be a list of blocks", reader.line_of(doc, "deck"))
    blocks: list[Block] = []
    targets: dict[str, str] = {}
    for item in deck:
        block = _wbr_block(item, reader, names, notes)
        if block is None:
            continue
        blocks.append(block)
        if isinstance(block, ChartBlock):
            primary = [ln for ln in block.lines if ln.style != "target" and ln.show == "value"]
            for target_line in (ln for ln in block.lines if ln.style == "target"):
                if primary:
                    targets.setdefault(primary[0].metric, target_line.metric)
    metrics = [
        _replace(m, target=targets[m.name]) if m.name in targets and m.target is None else m
        for m in metrics
    ]
    start = setup.get("block_starting_number", 1)
    return WbrConfig(
        title=str(setup.get("title") or "Weekly Business Review"),
        metrics=tuple(metrics),
        blocks=tuple(blocks),
        week_ending=week_ending,
        week_ends_on=week_ending.weekday(),
        week_number=week_number,
        fiscal_year_end_month=fiscal,
        monthly_axis=axis,
        block_starting_number=start if isinstance(start, int) else 1,
        file=reader.file,
        notes=tuple(notes),
    )


def _replace(metric: Metric, **changes: Any) -> Metric:
    from dataclasses import replace

    return replace(metric, **changes)


def _wbr_column(value: Any) -> str:
    """``main_metrics.PageViews`` names a column of a data source query; keep the column."""
    return str(value)


def _wbr_metric(name: str, spec: Any, reader: _Reader, line: int | None) -> Metric:  # noqa: PLR0912
    spec = reader.mapping(spec, f"metric {name}", line)
    comparison: Comparison = "percent"
    method = spec.get("metric_comparison_method")
    if method is not None:
        if str(method) not in ("bps", "percent", "pct"):
            raise reader.fail(
                f"metric {name}: metric_comparison_method must be bps or percent",
                reader.line_of(spec, "metric_comparison_method"),
            )
        comparison = "bps" if str(method) == "bps" else "percent"
    if "function" in spec:
        function = reader.mapping(spec["function"], f"metric {name}: function", spec.line)
        if len(function) != 1:
            raise reader.fail(
                f"metric {name}: a function has exactly one operation "
                f"({', '.join(_WBR_FUNCTIONS)})",
                function.line,
            )
        op_name, operands_doc = next(iter(function.items()))
        if op_name not in _WBR_FUNCTIONS:
            raise reader.fail(
                f"metric {name}: unknown function {op_name!r}; expected one of "
                f"{', '.join(_WBR_FUNCTIONS)}",
                reader.line_of(function, str(op_name)),
            )
        if not isinstance(operands_doc, list) or len(operands_doc) < 2:
            raise reader.fail(
                f"metric {name}: {op_name} needs a list of at least two metrics",
                reader.line_of(function, str(op_name)),
            )
        operands: list[str] = []
        for operand in operands_doc:
            if isinstance(operand, _Map) and isinstance(operand.get("metric"), _Map):
                ref = operand["metric"].get("name")
                if ref is None:
                    raise reader.fail(f"metric {name}: operand without a name", operand.line)
                operands.append(str(ref))
            else:
                raise reader.fail(
                    f"metric {name}: each operand is '- metric: {{name: ...}}'",
                    reader.line_of(function, str(op_name)),
                )
        return Metric(
            name=name,
            line=line,
            operation=_WBR_FUNCTIONS[str(op_name)],
            operands=tuple(operands),
            comparison=comparison,
        )
    aggregation = _wbr_aggregation(name, spec, reader)
    if "filter" in spec:
        filt = reader.mapping(spec["filter"], f"metric {name}: filter", spec.line)
        base = filt.get("base_column")
        query = filt.get("query")
        if base is None or query is None:
            raise reader.fail(f"metric {name}: a filter needs base_column and query", filt.line)
        return Metric(
            name=name,
            line=line,
            column=_wbr_column(base),
            aggregation=aggregation,
            where=str(query),
            comparison=comparison,
        )
    if "column" in spec:
        return Metric(
            name=name,
            line=line,
            column=_wbr_column(spec["column"]),
            aggregation=aggregation,
            comparison=comparison,
        )
    raise reader.fail(f"metric {name}: give a column, a filter or a function", line)


def _wbr_aggregation(name: str, spec: _Map, reader: _Reader) -> Aggregation:
    aggf = spec.get("aggf")
    if aggf is None:
        raise reader.fail(f"metric {name}: aggf is required (sum, mean, ...)", spec.line)
    if str(aggf) not in _WBR_AGGREGATIONS:
        raise reader.fail(
            f"metric {name}: unknown aggf {aggf!r}; expected one of "
            f"{', '.join(sorted(_WBR_AGGREGATIONS))}",
            reader.line_of(spec, "aggf"),
        )
    return _WBR_AGGREGATIONS[str(aggf)]


def _wbr_block(item: Any, reader: _Reader, names: set[str], notes: list[str]) -> Block | None:
    if not isinstance(item, _Map) or not isinstance(item.get("block"), _Map):
        raise reader.fail("each deck entry is '- block: {ui_type: ..., ...}'", reader.line_of(item))
    block = cast("_Map", item["block"])
    ui_type = str(block.get("ui_type", ""))
    title = str(block.get("title") or "")
    line = block.line
    if ui_type == "section":
        return SectionBlock(title=title, line=line)
    if ui_type == "6_12Graph":
        metrics = reader.mapping(block.get("metrics"), f"block {title!r}: metrics", line)
        lines: list[ChartLine] = []
        for ref, given in metrics.items():
            settings = given if isinstance(given, _Map) else _Map()
            metric, show = _split_reference(str(ref), names)
            style = str(settings.get("line_style", "primary"))
            if style not in ("primary", "secondary", "target"):
                raise reader.fail(
                    f"block {title!r}: line_style must be primary, secondary or target",
                    reader.line_of(settings, "line_style"),
                )
            lines.append(
                ChartLine(
                    metric=metric,
                    show=show,
                    legend=reader.text(settings, "legend_name", f"block {title!r}"),
                    style=cast("LineStyle", style),
                    prior_year=reader.flag(
                        settings, "graph_prior_year_flag", f"block {title!r}", True
                    ),
                    line=reader.line_of(metrics, str(ref)),
                )
            )
        axis = None
        if "x_axis_monthly_display" in block:
            axis = _parse_monthly_axis(
                block["x_axis_monthly_display"],
                reader,
                reader.line_of(block, "x_axis_monthly_display"),
            )
        return ChartBlock(
            title=title,
            lines=tuple(lines),
            monthly_axis=axis,
            y_format=reader.text(block, "y_scaling", f"block {title!r}"),
            line=line,
        )
    if ui_type in ("6_WeeksTable", "12_MonthsTable"):
        rows_doc = block.get("rows")
        if not isinstance(rows_doc, list):
            raise reader.fail(f"block {title!r}: rows must be a list", line)
        rows: list[TableRow] = []
        for entry in rows_doc:
            if not isinstance(entry, _Map) or not isinstance(entry.get("row"), _Map):
                raise reader.fail(f"block {title!r}: each row is '- row: {{...}}'", line)
            row = cast("_Map", entry["row"])
            row_ref: Any = row.get("metric")
            ref = row_ref
            row_metric: str | None = None
            row_show: Show = "value"
            if ref is not None:
                row_metric, row_show = _split_reference(str(ref), names)
            rows.append(
                TableRow(
                    header=str(row.get("header", ref or "")),
                    metric=row_metric,
                    show=row_show,
                    y_format=reader.text(row, "y_scaling", f"block {title!r}"),
                    style=reader.text(row, "style", f"block {title!r}"),
                    line=row.line,
                )
            )
        return TableBlock(
            title=title,
            period="weeks" if ui_type == "6_WeeksTable" else "months",
            rows=tuple(rows),
            line=line,
        )
    if ui_type == "embedded_content":
        notes.append(f"line {line}: embedded content is not shown in a dayone deck")
        return None
    raise reader.fail(
        f"unknown ui_type {ui_type!r}; expected 6_12Graph, 6_WeeksTable, 12_MonthsTable or section",
        reader.line_of(block, "ui_type"),
    )


# -- dayone's format --------------------------------------------------------------------------


def _parse_dayone(doc: _Map, reader: _Reader) -> WbrConfig:
    version = doc.get(FORMAT_KEY)
    if version != FORMAT_VERSION:
        raise reader.fail(
            f"{FORMAT_KEY}: unsupported version {version!r} (this dayone reads {FORMAT_VERSION})",
            reader.line_of(doc, FORMAT_KEY),
        )
    week_ending = None
    if doc.get("week_ending") is not None:
        week_ending = _parse_week_ending(
            doc["week_ending"], reader, reader.line_of(doc, "week_ending")
        )
    weekday = week_ending.weekday() if week_ending is not None else 5
    if doc.get("week_ends_on") is not None:
        weekday = _parse_weekday(doc["week_ends_on"], reader, reader.line_of(doc, "week_ends_on"))
        if week_ending is not None and week_ending.weekday() != weekday:
            raise reader.fail(
                f"week_ending {week_ending.isoformat()} is a {WEEKDAYS[week_ending.weekday()]}, "
                f"but weeks end on {WEEKDAYS[weekday]}",
                reader.line_of(doc, "week_ending"),
            )
    week_number = doc.get("week_number")
    if week_number is not None and (not isinstance(week_number, int) or not 1 <= week_number <= 53):
        raise reader.fail(
            "week_number must be a whole number from 1 to 53", reader.line_of(doc, "week_number")
        )
    fiscal = _parse_month(
        doc.get("fiscal_year_end", "december"), reader, reader.line_of(doc, "fiscal_year_end")
    )
    axis: MonthlyAxis = "trailing_twelve_months"
    if doc.get("monthly_axis") is not None:
        axis = _parse_monthly_axis(doc["monthly_axis"], reader, reader.line_of(doc, "monthly_axis"))
    metrics_doc = reader.mapping(doc.get("metrics"), "metrics", reader.line_of(doc, "metrics"))
    metrics = [
        _dayone_metric(str(name), spec, reader, reader.line_of(metrics_doc, str(name)))
        for name, spec in metrics_doc.items()
    ]
    names = {m.name for m in metrics}
    deck = doc.get("deck", [])
    if not isinstance(deck, list):
        raise reader.fail("deck must be a list of blocks", reader.line_of(doc, "deck"))
    blocks = [_dayone_block(item, reader, names) for item in deck]
    start = doc.get("block_starting_number", 1)
    return WbrConfig(
        title=str(doc.get("title") or "Weekly Business Review"),
        metrics=tuple(metrics),
        blocks=tuple(blocks),
        week_ending=week_ending,
        week_ends_on=weekday,
        week_number=week_number,
        fiscal_year_end_month=fiscal,
        monthly_axis=axis,
        block_starting_number=start if isinstance(start, int) else 1,
        source=reader.text(doc, "source", "source"),
        file=reader.file,
    )


_METRIC_KEYS = frozenset(
    {
        "label",
        "column",
        "aggregation",
        "where",
        "compare",
        "target",
        "description",
        "definition",
        "unit",
        "owner",
        "role",
        "controllable",
        "drives",
        *OPERATIONS,
    }
)


def _dayone_metric(name: str, spec: Any, reader: _Reader, line: int | None) -> Metric:  # noqa: PLR0912
    spec = reader.mapping(spec, f"metric {name}", line)
    what = f"metric {name}"
    for key in spec:
        if key not in _METRIC_KEYS:
            raise reader.fail(
                f"{what}: unknown setting {key!r}; expected one of {', '.join(sorted(_METRIC_KEYS))}",
                reader.line_of(spec, str(key)),
            )
    compare = str(spec.get("compare", "percent"))
    if compare not in ("percent", "bps"):
        raise reader.fail(
            f"{what}: compare must be percent or bps", reader.line_of(spec, "compare")
        )
    role = spec.get("role")
    if role is not None and role not in ("input", "output"):
        raise reader.fail(f"{what}: role must be input or output", reader.line_of(spec, "role"))
    controllable = spec.get("controllable")
    if controllable is not None and not isinstance(controllable, bool):
        raise reader.fail(
            f"{what}: controllable must be true or false", reader.line_of(spec, "controllable")
        )
    drives = spec.get("drives", [])
    if isinstance(drives, str):
        drives = [drives]
    if not isinstance(drives, list):
        raise reader.fail(
            f"{what}: drives must be a list of metrics", reader.line_of(spec, "drives")
        )
    common: dict[str, Any] = {
        "name": name,
        "line": line,
        "label": reader.text(spec, "label", what),
        "comparison": cast("Comparison", compare),
        "target": reader.text(spec, "target", what),
        "description": reader.text(spec, "description", what),
        "definition": reader.text(spec, "definition", what),
        "unit": reader.text(spec, "unit", what),
        "owner": reader.text(spec, "owner", what),
        "role": role,
        "controllable": controllable,
        "drives": tuple(str(d) for d in drives),
    }
    operations = [op for op in OPERATIONS if op in spec]
    if len(operations) > 1:
        raise reader.fail(f"{what}: give one of {', '.join(OPERATIONS)}, not several", spec.line)
    if operations:
        op = operations[0]
        operands = spec[op]
        if not isinstance(operands, list) or len(operands) < 2:
            raise reader.fail(
                f"{what}: {op} needs a list of at least two metrics", reader.line_of(spec, op)
            )
        if op in ("ratio", "difference") and len(operands) != 2:
            raise reader.fail(f"{what}: {op} takes exactly two metrics", reader.line_of(spec, op))
        if "column" in spec:
            raise reader.fail(
                f"{what}: a derived metric has no column", reader.line_of(spec, "column")
            )
        return Metric(
            operation=cast("Operation", op), operands=tuple(str(o) for o in operands), **common
        )
    column = reader.text(spec, "column", what)
    if column is None:
        raise reader.fail(f"{what}: give a column or one of {', '.join(OPERATIONS)}", spec.line)
    aggregation = str(spec.get("aggregation", "sum"))
    if aggregation not in AGGREGATIONS:
        raise reader.fail(
            f"{what}: unknown aggregation {aggregation!r}; expected one of {', '.join(AGGREGATIONS)}",
            reader.line_of(spec, "aggregation"),
        )
    return Metric(
        column=column,
        aggregation=cast("Aggregation", aggregation),
        where=reader.text(spec, "where", what),
        **common,
    )


def _dayone_ref(value: Any, names: set[str]) -> tuple[str, Show]:
    text = str(value)
    if ":" in text:
        metric, _, suffix = text.rpartition(":")
        if suffix in ("value", "wow", "yoy", "mom"):
            return metric, cast("Show", suffix)
    return _split_reference(text, names)


def _dayone_block(item: Any, reader: _Reader, names: set[str]) -> Block:  # noqa: PLR0912
    if not isinstance(item, _Map) or len(item) != 1:
        raise reader.fail(
            "each deck entry is one of: section, chart, weeks_table, months_table",
            reader.line_of(item),
        )
    kind, body = next(iter(item.items()))
    line = reader.line_of(item, str(kind))
    if kind == "section":
        return SectionBlock(title=str(body or ""), line=line)
    if kind == "chart":
        if isinstance(body, str):
            body = _Map({"metrics": [body]})
            body.line = line or 0
        body = reader.mapping(body, "chart", line)
        lines: list[ChartLine] = []
        for entry in body.get("metrics", []):
            if isinstance(entry, _Map):
                metric, show = _dayone_ref(entry.get("metric"), names)
                style = str(entry.get("style", "primary"))
                if style not in ("primary", "secondary", "target"):
                    raise reader.fail(
                        "chart: style must be primary, secondary or target", entry.line
                    )
                lines.append(
                    ChartLine(
                        metric=metric,
                        show=show,
                        legend=reader.text(entry, "legend", "chart"),
                        style=cast("LineStyle", style),
                        prior_year=reader.flag(entry, "prior_year", "chart", True),
                        line=entry.line,
                    )
                )
            else:
                metric, show = _dayone_ref(entry, names)
                lines.append(ChartLine(metric=metric, show=show, line=body.line))
        if not lines:
            raise reader.fail("chart: list at least one metric", body.line)
        axis = None
        if body.get("monthly_axis") is not None:
            axis = _parse_monthly_axis(
                body["monthly_axis"], reader, reader.line_of(body, "monthly_axis")
            )
        title = reader.text(body, "title", "chart") or lines[0].metric
        return ChartBlock(
            title=title,
            lines=tuple(lines),
            monthly_axis=axis,
            y_format=reader.text(body, "format", "chart"),
            line=line,
        )
    if kind in ("weeks_table", "months_table"):
        body = reader.mapping(body, str(kind), line)
        rows: list[TableRow] = []
        for entry in body.get("rows", []):
            entry_map = reader.mapping(entry, f"{kind} row", body.line)
            ref = entry_map.get("metric")
            row_metric: str | None = None
            row_show: Show = "value"
            if ref is not None:
                row_metric, row_show = _dayone_ref(ref, names)
            rows.append(
                TableRow(
                    header=str(entry_map.get("header", ref or "")),
                    metric=row_metric,
                    show=row_show,
                    y_format=reader.text(entry_map, "format", str(kind)),
                    style=reader.text(entry_map, "style", str(kind)),
                    line=entry_map.line,
                )
            )
        return TableBlock(
            title=reader.text(body, "title", str(kind)) or "",
            period="weeks" if kind == "weeks_table" else "months",
            rows=tuple(rows),
            line=line,
        )
    raise reader.fail(
        f"unknown deck entry {kind!r}; expected section, chart, weeks_table or months_table", line
    )


# -- validation -------------------------------------------------------------------------------


def validate_config(config: WbrConfig) -> None:  # noqa: PLR0912
    """Check metric references: every name exists, no cycles, filters parse, blocks resolve.

    Raises :class:`ConfigError` naming the file, line and metric.
    """
    by_name: dict[str, Metric] = {}
    for metric in config.metrics:
        if metric.name in by_name:
            raise ConfigError(
                f"metric {metric.name!r} is defined twice", file=config.file, line=metric.line
            )
        by_name[metric.name] = metric
    for metric in config.metrics:
        for ref in (*metric.operands, *((metric.target,) if metric.target else ())):
            if ref not in by_name:
                raise ConfigError(
                    f"metric {metric.name!r} refers to unknown metric {ref!r}",
                    file=config.file,
                    line=metric.line,
                )
        for ref in metric.drives:
            if ref not in by_name:
                raise ConfigError(
                    f"metric {metric.name!r} drives unknown metric {ref!r}",
                    file=config.file,
                    line=metric.line,
                )
        if metric.where is not None:
            try:
                parse_filter(metric.where)
            except ValueError as exc:
                raise ConfigError(
                    f"metric {metric.name!r}: invalid filter {metric.where!r}: {exc}",
                    file=config.file,
                    line=metric.line,
                ) from exc
    _check_cycles(config, by_name)
    for block in config.blocks:
        refs: list[tuple[str, int | None]] = []
        if isinstance(block, ChartBlock):
            refs = [(ln.metric, ln.line) for ln in block.lines]
        elif isinstance(block, TableBlock):
            refs = [(row.metric, row.line) for row in block.rows if row.metric is not None]
            for row in block.rows:
                bad = "mom" if block.period == "weeks" else "wow"
                if row.show == bad:
                    raise ConfigError(
                        f"a {block.period} table cannot show {bad.upper()} (row {row.header!r})",
                        file=config.file,
                        line=row.line,
                    )
        for ref, line in refs:
            if ref not in by_name:
                raise ConfigError(
                    f"block {block.title!r} shows unknown metric {ref!r}",
                    file=config.file,
                    line=line or block.line,
                )


def _check_cycles(config: WbrConfig, by_name: dict[str, Metric]) -> None:
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = " -> ".join([*path[path.index(name) :], name])
            metric = by_name[path[0]]
            raise ConfigError(
                f"circular metric reference: {cycle}", file=config.file, line=metric.line
            )
        state[name] = 1
        for ref in by_name[name].operands:
            visit(ref, [*path, name])
        state[name] = 2

    for metric in config.metrics:
        visit(metric.name, [])


# -- writing dayone's format ------------------------------------------------------------------


def config_to_yaml(config: WbrConfig) -> str:  # noqa: PLR0912, PLR0915
    """Write ``config`` in dayone's documented format (see ``docs/wbr-config.md``)."""
    doc: dict[str, Any] = {FORMAT_KEY: FORMAT_VERSION, "title": config.title}
    if config.week_ending is not None:
        doc["week_ending"] = config.week_ending.isoformat()
    doc["week_ends_on"] = WEEKDAYS[config.week_ends_on]
    if config.week_number is not None:
        doc["week_number"] = config.week_number
    doc["fiscal_year_end"] = MONTHS[config.fiscal_year_end_month - 1]
    doc["monthly_axis"] = config.monthly_axis
    if config.block_starting_number != 1:
        doc["block_starting_number"] = config.block_starting_number
    if config.source:
        doc["source"] = config.source
    metrics: dict[str, Any] = {}
    for m in config.metrics:
        spec: dict[str, Any] = {}
        if m.label:
            spec["label"] = m.label
        if m.operation is not None:
            spec[m.operation] = list(m.operands)
        else:
            spec["column"] = m.column
            spec["aggregation"] = m.aggregation
            if m.where:
                spec["where"] = m.where
        if m.comparison != "percent":
            spec["compare"] = m.comparison
        for key in ("target", "description", "definition", "unit", "owner", "role", "controllable"):
            value = getattr(m, key)
            if value is not None:
                spec[key] = value
        if m.drives:
            spec["drives"] = list(m.drives)
        metrics[m.name] = spec
    doc["metrics"] = metrics
    deck: list[Any] = []
    for block in config.blocks:
        if isinstance(block, SectionBlock):
            deck.append({"section": block.title})
        elif isinstance(block, ChartBlock):
            chart: dict[str, Any] = {"title": block.title}
            if block.monthly_axis is not None:
                chart["monthly_axis"] = block.monthly_axis
            if block.y_format:
                chart["format"] = block.y_format
            lines: list[Any] = []
            for ln in block.lines:
                ref = ln.metric if ln.show == "value" else f"{ln.metric}:{ln.show}"
                entry: dict[str, Any] = {"metric": ref}
                if ln.legend:
                    entry["legend"] = ln.legend
                if ln.style != "primary":
                    entry["style"] = ln.style
                if not ln.prior_year:
                    entry["prior_year"] = False
                lines.append(entry)
            chart["metrics"] = lines
            deck.append({"chart": chart})
        else:
            rows: list[Any] = []
            for row in block.rows:
                entry = {"header": row.header}
                if row.metric is not None:
                    entry["metric"] = (
                        row.metric if row.show == "value" else f"{row.metric}:{row.show}"
                    )
                if row.y_format:
                    entry["format"] = row.y_format
                if row.style:
                    entry["style"] = row.style
                rows.append(entry)
            key = "weeks_table" if block.period == "weeks" else "months_table"
            deck.append({key: {"title": block.title, "rows": rows}})
    doc["deck"] = deck
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def write_text_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half-written."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_config(config: WbrConfig, path: str | Path) -> None:
    """Write ``config`` to ``path`` in dayone's format, atomically."""
    write_text_atomic(path, config_to_yaml(config))


def column_names_used(config: WbrConfig) -> dict[str, Metric]:
    """The source columns the config reads (metric columns and filter columns), by column."""
    used: dict[str, Metric] = {}
    for metric in config.metrics:
        if metric.column is not None:
            used.setdefault(metric.column, metric)
        if metric.where is not None:
            for column in parse_filter(metric.where).columns:
                used.setdefault(column, metric)
    return used


_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.")


def resolve_column(column: str, available: set[str]) -> str | None:
    """The source column for a config column, allowing the WBR app's ``query.column`` form."""
    if column in available:
        return column
    stripped = _PREFIX.sub("", column, count=1)
    if stripped != column and stripped in available:
        return stripped
    lowered = {c.lower(): c for c in available}
    return lowered.get(column.lower()) or lowered.get(stripped.lower())


__all__ = [
    "FORMAT_KEY",
    "column_names_used",
    "config_to_yaml",
    "load_config",
    "parse_config",
    "resolve_column",
    "validate_config",
    "write_text_atomic",
]
