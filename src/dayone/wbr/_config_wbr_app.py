"""The WBR app's config format, read unchanged into a :class:`WbrConfig`."""

from __future__ import annotations

from typing import Any, cast

from dayone.wbr._config_yaml import (
    LineMap,
    Reader,
    parse_month,
    parse_monthly_axis,
    parse_week_ending,
    split_reference,
)
from dayone.wbr._model import (
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


def parse_wbr_app(doc: LineMap, reader: Reader) -> WbrConfig:
    notes: list[str] = []
    setup = reader.mapping(doc.get("setup"), "setup", reader.line_of(doc, "setup"))
    if "week_ending" not in setup:
        raise reader.fail("setup: week_ending is required", setup.line)
    week_ending = parse_week_ending(
        setup["week_ending"], reader, reader.line_of(setup, "week_ending")
    )
    week_number = setup.get("week_number")
    if week_number is not None and (not isinstance(week_number, int) or not 1 <= week_number <= 53):
        raise reader.fail(
            f"setup: week_number must be a whole number from 1 to 53, not {week_number!r}",
            reader.line_of(setup, "week_number"),
        )
    fiscal = parse_month(
        setup.get("fiscal_year_end_month", "DEC") or "DEC",
        reader,
        reader.line_of(setup, "fiscal_year_end_month"),
    )
    axis: MonthlyAxis = "trailing_twelve_months"
    if "x_axis_monthly_display" in setup:
        axis = parse_monthly_axis(
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


def _wbr_metric(name: str, spec: Any, reader: Reader, line: int | None) -> Metric:  # noqa: PLR0912
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
            if isinstance(operand, LineMap) and isinstance(operand.get("metric"), LineMap):
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


def _wbr_aggregation(name: str, spec: LineMap, reader: Reader) -> Aggregation:
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


def _table_axis(
    block: LineMap, ui_type: str, reader: Reader, notes: list[str]
) -> MonthlyAxis | None:
    """A 12-month table's ``x_axis_monthly_display``; on a 6-week table it is noted as unused."""
    if "x_axis_monthly_display" not in block:
        return None
    where = reader.line_of(block, "x_axis_monthly_display")
    if ui_type == "6_WeeksTable":
        notes.append(f"line {where}: x_axis_monthly_display is not used on a 6_WeeksTable")
        return None
    return parse_monthly_axis(block["x_axis_monthly_display"], reader, where)


def _wbr_block(item: Any, reader: Reader, names: set[str], notes: list[str]) -> Block | None:
    if not isinstance(item, LineMap) or not isinstance(item.get("block"), LineMap):
        raise reader.fail("each deck entry is '- block: {ui_type: ..., ...}'", reader.line_of(item))
    block = cast("LineMap", item["block"])
    ui_type = str(block.get("ui_type", ""))
    title = str(block.get("title") or "")
    line = block.line
    if ui_type == "section":
        return SectionBlock(title=title, line=line)
    if ui_type == "6_12Graph":
        metrics = reader.mapping(block.get("metrics"), f"block {title!r}: metrics", line)
        lines: list[ChartLine] = []
        for ref, given in metrics.items():
            settings = given if isinstance(given, LineMap) else LineMap()
            metric, show = split_reference(str(ref), names)
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
            axis = parse_monthly_axis(
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
            if not isinstance(entry, LineMap) or not isinstance(entry.get("row"), LineMap):
                raise reader.fail(f"block {title!r}: each row is '- row: {{...}}'", line)
            row = cast("LineMap", entry["row"])
            row_ref: Any = row.get("metric")
            ref = row_ref
            row_metric: str | None = None
            row_show: Show = "value"
            if ref is not None:
                row_metric, row_show = split_reference(str(ref), names)
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
            monthly_axis=_table_axis(block, ui_type, reader, notes),
            line=line,
        )
    if ui_type == "embedded_content":
        notes.append(f"line {line}: embedded content is not shown in a dayone deck")
        return None
    raise reader.fail(
        f"unknown ui_type {ui_type!r}; expected 6_12Graph, 6_WeeksTable, 12_MonthsTable or section",
        reader.line_of(block, "ui_type"),
    )
