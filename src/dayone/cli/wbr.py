"""``dayone wbr``: build a Weekly Business Review deck from daily data, with no server.

Bad input ends with exit code 2 and one line naming the file, line, column or metric.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(
    rich_markup_mode="markdown",
    name="wbr",
    help="Weekly Business Review decks: build, check and convert configs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_err = Console(stderr=True, highlight=False)
_out = Console(highlight=False)

ConfigArg = Annotated[Path, typer.Argument(help="WBR config (the WBR app's YAML or dayone's).")]
DataOpt = Annotated[Path, typer.Option("--data", "-d", help="Daily data as CSV.")]


def _fail(message: str) -> typer.Exit:
    _err.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    return typer.Exit(code=2)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d-%b-%Y"):
        try:
            return dt.datetime.strptime(value.title() if "%b" in fmt else value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise _fail(f"--week-ending: invalid date {value!r} (write 2021-09-25)")


@app.command()
def build(
    config: ConfigArg,
    data: DataOpt,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Deck to write: .html, .pdf or .json.")
    ],
    week_ending: Annotated[
        str | None, typer.Option("--week-ending", help="Week ending date (overrides the config).")
    ] = None,
) -> None:
    """Build the deck for one week and write it as HTML, PDF or JSON."""
    from dayone.wbr import WbrError, build_deck, load_config, write_deck

    when = _parse_date(week_ending)
    if output.suffix.lower() not in (".html", ".htm", ".pdf", ".json"):
        raise _fail(
            f"--output: unknown type {output.suffix or '(none)'!r}; use .html, .pdf or .json"
        )
    try:
        with _err.status("Reading the config and the data…"):
            cfg = load_config(config)
            deck = build_deck(cfg, data, week_ending=when)
        with _err.status(f"Writing {output.name}…"):
            write_deck(deck, output)
    except WbrError as exc:
        raise _fail(str(exc)) from None
    for warning in deck.warnings:
        _err.print(f"[yellow]note:[/] {warning.message}", soft_wrap=True)
    _out.print(
        f"Wrote {output} — {deck.title}, week {deck.week_number} ending "
        f"{deck.week_ending.isoformat()}, {len(deck.panels)} blocks."
    )


@app.command()
def check(
    config: ConfigArg,
    data: Annotated[Path | None, typer.Option("--data", "-d", help="Daily data as CSV.")] = None,
    week_ending: Annotated[str | None, typer.Option("--week-ending")] = None,
) -> None:
    """Validate a config (and, with --data, the data against it) without writing anything."""
    from dayone.wbr import WbrError, build_deck, load_config

    when = _parse_date(week_ending)
    try:
        cfg = load_config(config)
        if data is not None:
            with _err.status("Checking the data…"):
                deck = build_deck(cfg, data, week_ending=when, forecast=False)
            for warning in deck.warnings:
                _err.print(f"[yellow]note:[/] {warning.message}", soft_wrap=True)
    except WbrError as exc:
        raise _fail(str(exc)) from None
    _out.print(f"OK: {config} ({len(cfg.metrics)} metrics, {len(cfg.blocks)} blocks)")


@app.command()
def convert(
    config: ConfigArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write dayone's format.")],
) -> None:
    """Convert a WBR app config to dayone's documented format."""
    from dayone.wbr import WbrError, load_config, save_config

    try:
        cfg = load_config(config)
        save_config(cfg, output)
    except (WbrError, OSError) as exc:
        raise _fail(str(exc)) from None
    for note in cfg.notes:
        _err.print(f"[yellow]note:[/] {note}", soft_wrap=True)
    _out.print(f"Wrote {output} ({len(cfg.metrics)} metrics, {len(cfg.blocks)} blocks)")
