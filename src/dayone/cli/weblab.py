"""``dayone weblab``: analyse an experiment from files, with no server, on the configured engine.

The engine is the one ``DAYONE_WAREHOUSE`` names (DuckDB by default, Spark with the extra).
Bad input ends with exit code 2 and one line saying what is wrong.
"""

from __future__ import annotations

import dataclasses
import json
import math
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:  # imported when a command runs: ``dayone --help`` stays quick
    from dayone.experiments import AnalysisSpec, ExperimentResults, StatisticsTable
    from dayone.warehouse import Warehouse

app = typer.Typer(
    rich_markup_mode="markdown",
    name="weblab",
    help="Weblab experiments: analyse exposures and events from files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_err = Console(stderr=True, highlight=False)
_POLL = 0.25  # seconds between two looks at the engine's progress


class Format(StrEnum):
    """How the results are printed."""

    json = "json"
    text = "text"


def _fail(message: str) -> typer.Exit:
    _err.print(f"[bold red]error:[/] {message}", soft_wrap=True, markup=True)
    return typer.Exit(code=2)


def _number(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}g}"


def _text(results: ExperimentResults) -> str:
    lines = [
        f"units: {', '.join(f'{v}={u}' for v, u in zip(results.variants, results.units, strict=True))}"
        f"  SRM p={results.srm.p_value:.4g}{'  MISMATCH' if results.srm.mismatch else ''}"
        f"  multiple exposures: {results.multiple_exposures}"
    ]
    for metric in (*results.metrics, *results.breakdown):
        where = "" if metric.dimension_value == "(all)" else f" [{metric.dimension_value}]"
        lines.append(f"{metric.metric}{where} ({metric.kind})")
        for v in metric.variants:
            row = f"  {v.variant!s:<12} n={v.units:<8} mean={_number(v.mean)}"
            if v.effect is not None:
                row += (
                    f"  effect={_number(v.effect)} [{_number(v.ci_low)}, {_number(v.ci_high)}]"
                    f"  p={_number(v.p_value)}{'  *' if v.significant else ''}"
                )
            lines.append(row)
    return "\n".join(lines)


def _engine_name(wh: object) -> str:
    target = getattr(wh, "target", None)
    return f"Spark ({target.url})" if target is not None else "DuckDB"


def _columns(wh: Warehouse, table: str) -> list[str]:
    return list(wh.schema(table).names)


def _statistics(wh: Warehouse, spec: AnalysisSpec, bar: Progress) -> StatisticsTable:
    """The sufficient statistics query, in a worker thread while the bar shows the engine's own
    estimate of the share done (an indeterminate bar when it gives none)."""
    from dayone.experiments import sufficient_statistics

    task = bar.add_task(f"sufficient statistics on {_engine_name(wh)}", total=None)
    wh.watch_progress()
    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(sufficient_statistics, wh, spec)
        while True:
            try:
                table = job.result(timeout=_POLL)
                break
            except TimeoutError:
                done = wh.progress()
                if done is not None:
                    bar.update(task, total=1.0, completed=done)
    bar.update(task, total=1.0, completed=1.0)
    return table


@app.command()
def analyze(
    spec: Annotated[Path, typer.Argument(help="Analysis spec (YAML).")],
    exposures: Annotated[Path, typer.Option("--exposures", help="Exposure log, Parquet or CSV.")],
    events: Annotated[Path, typer.Option("--events", help="Events, Parquet or CSV.")],
    output_format: Annotated[
        Format, typer.Option("--format", help="json or text.", case_sensitive=False)
    ] = Format.text,
) -> None:
    """Analyse one experiment: sufficient statistics in the engine, statistics in Python.

    The engine is the one DAYONE_WAREHOUSE names. On a terminal, a progress bar on stderr
    follows the engine's estimate of the work done.
    """
    from dayone import experiments, stats, warehouse

    try:
        parsed = experiments.read_spec_file(spec)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=_err,
            transient=True,
            disable=not sys.stderr.isatty(),
        ) as bar:
            opening = bar.add_task("opening the engine", total=None)
            with warehouse.connect() as wh:
                bar.update(opening, total=1, completed=1)
                wh.register_file("exposures", exposures)
                wh.register_file("events", events)
                parsed.check_columns(
                    (exposures.name, _columns(wh, "exposures")),
                    (events.name, _columns(wh, "events")),
                )
                table = _statistics(wh, parsed.spec, bar)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", stats.SampleRatioMismatchWarning)
                results = experiments.analyze_statistics(table, parsed.spec)
    except (experiments.ExperimentError, warehouse.WarehouseError) as exc:
        raise _fail(str(exc).strip().splitlines()[0]) from None
    if output_format is Format.json:
        print(json.dumps(_plain(dataclasses.asdict(results)), indent=2, allow_nan=False))
    else:
        print(_text(results))


def _plain(value: Any) -> Any:
    """JSON values: NaN and infinities as null (JSON has neither), other objects as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)
