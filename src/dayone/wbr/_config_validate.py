"""Validating a config: references resolve, no cycles, filters parse; columns by name."""

from __future__ import annotations

import re

from dayone.wbr._errors import ConfigError
from dayone.wbr._filter import parse_filter
from dayone.wbr._model import ChartBlock, Metric, TableBlock, WbrConfig


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
