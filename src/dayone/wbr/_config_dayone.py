"""dayone's own config format (``docs/wbr-config.md``): reading and writing."""

from __future__ import annotations

from typing import Any, cast

import yaml

from dayone.wbr._config_yaml import (
    LineMap,
    Reader,
    parse_month,
    parse_monthly_axis,
    parse_week_ending,
    parse_weekday,
    split_reference,
)
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


def parse_dayone(doc: LineMap, reader: Reader) -> WbrConfig:
    version = doc.get(FORMAT_KEY)
    if version != FORMAT_VERSION:
        raise reader.fail(
            f"{FORMAT_KEY}: unsupported version {version!r} (this dayone reads {FORMAT_VERSION})",
            reader.line_of(doc, FORMAT_KEY),
        )
    week_ending = None
    if doc.get("week_ending") is not None:
        week_ending = parse_week_ending(
            doc["week_ending"], reader, reader.line_of(doc, "week_ending")
        )
    weekday = week_ending.weekday() if week_ending is not None else 5
    if doc.get("week_ends_on") is not None:
        weekday = parse_weekday(doc["week_ends_on"], reader, reader.line_of(doc, "week_ends_on"))
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
    fiscal = parse_month(
        doc.get("fiscal_year_end", "december"), reader, reader.line_of(doc, "fiscal_year_end")
    )
    axis: MonthlyAxis = "trailing_twelve_months"
    if doc.get("monthly_axis") is not None:
        axis = parse_monthly_axis(doc["monthly_axis"], reader, reader.line_of(doc, "monthly_axis"))
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
        "better",
        "role",
        "controllable",
        "drives",
        *OPERATIONS,
    }
)


def _dayone_metric(name: str, spec: Any, reader: Reader, line: int | None) -> Metric:  # noqa: PLR0912
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
    better = spec.get("better")
    if better is not None and better not in ("higher", "lower"):
        raise reader.fail(
            f"{what}: better must be higher or lower (leave it out when neither is better)",
            reader.line_of(spec, "better"),
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
        "better": better,
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
    return split_reference(text, names)


def _dayone_block(item: Any, reader: Reader, names: set[str]) -> Block:  # noqa: PLR0912
    if not isinstance(item, LineMap) or len(item) != 1:
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
            body = LineMap({"metrics": [body]})
            body.line = line or 0
        body = reader.mapping(body, "chart", line)
        lines: list[ChartLine] = []
        for entry in body.get("metrics", []):
            if isinstance(entry, LineMap):
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
            axis = parse_monthly_axis(
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
        table_axis = None
        if body.get("monthly_axis") is not None:
            if kind == "weeks_table":
                raise reader.fail(
                    "weeks_table: monthly_axis applies to a months_table or a chart",
                    reader.line_of(body, "monthly_axis"),
                )
            table_axis = parse_monthly_axis(
                body["monthly_axis"], reader, reader.line_of(body, "monthly_axis")
            )
        return TableBlock(
            title=reader.text(body, "title", str(kind)) or "",
            period="weeks" if kind == "weeks_table" else "months",
            rows=tuple(rows),
            monthly_axis=table_axis,
            line=line,
        )
    raise reader.fail(
        f"unknown deck entry {kind!r}; expected section, chart, weeks_table or months_table", line
    )


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
        for key in (
            "target",
            "description",
            "definition",
            "unit",
            "owner",
            "role",
            "controllable",
            "better",
        ):
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
            table: dict[str, Any] = {"title": block.title}
            if block.monthly_axis is not None:
                table["monthly_axis"] = block.monthly_axis
            table["rows"] = rows
            deck.append({key: table})
    doc["deck"] = deck
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
