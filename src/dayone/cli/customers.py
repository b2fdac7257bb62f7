"""``dayone customers``: import anecdotes and list themes, on the same data folder as the server.

Bad input ends with exit code 2 and one line naming the file, line and column; nothing is stored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

from dayone.cli._django import fail, pending_migrations, setup

app = typer.Typer(
    rich_markup_mode="markdown",
    name="customers",
    help="Customer anecdotes: import them from files and list their themes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_err = Console(stderr=True, highlight=False)
_out = Console(highlight=False)


def _ready() -> None:
    setup()
    if pending_migrations():
        fail("the database is not migrated yet; run: dayone migrate")


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="A .csv, .mbox or .eml file.")],
    regroup: Annotated[
        bool, typer.Option("--regroup", help="Group every anecdote into themes again afterwards.")
    ] = False,
) -> None:
    """Import anecdotes: CSV columns external_id,date,channel,text (others optional), or e-mail."""
    from dayone.customers import (
        INSTALL_HINT,
        IntakeError,
        ModelMissingError,
        model_available,
        read_file,
    )

    _ready()
    from django.core.exceptions import ValidationError

    from dayone.server.customers import services
    from dayone.server.customers.enums import Source
    from dayone.server.wbr.models import Metric

    try:
        records = read_file(file, metrics=set(Metric.objects.values_list("key", flat=True)))
    except IntakeError as exc:
        fail(str(exc))
    source = Source.CSV if file.suffix.lower() == ".csv" else Source.EMAIL
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), console=_err
    ) as bar:
        task = bar.add_task("reading", total=len(records))

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        try:
            batch = services.anecdotes_import(
                actor=None, records=records, source=source, name=file.name, progress=progress
            )
            if regroup:
                services.themes_regroup(actor=None, progress=progress)
        except (ValidationError, ModelMissingError) as exc:
            fail(f"{file}: {exc}")
    _out.print(
        f"{file}: {batch.received} anecdotes read, {batch.created} new, "
        f"{batch.received - batch.created} already there.",
        soft_wrap=True,
        markup=False,
    )
    if not model_available():
        _err.print(f"themes were not assigned: {INSTALL_HINT}", soft_wrap=True, markup=False)


@app.command()
def themes(
    output_format: Annotated[
        str, typer.Option("--format", help="text or json.", case_sensitive=False)
    ] = "text",
) -> None:
    """Each theme with its label, its size and the external id of each of its anecdotes."""
    if output_format not in {"text", "json"}:
        fail(f"--format: unknown format {output_format!r}; use text or json")
    _ready()
    from dayone.server.customers import selectors

    themes = selectors.theme_export()
    if output_format == "json":
        rows = [
            {"label": t.label, "count": t.count, "anecdotes": list(t.anecdotes)} for t in themes
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not themes:
        _out.print("No themes yet: import anecdotes first.")
    for theme in themes:
        _out.print(f"{theme.label} ({theme.count})", soft_wrap=True, markup=False)
        _out.print("  " + ", ".join(theme.anecdotes), soft_wrap=True, markup=False)
