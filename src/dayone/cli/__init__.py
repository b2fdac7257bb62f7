"""The ``dayone`` command: one entry point for the server, the demo and the engines."""

from __future__ import annotations

import typer

from dayone.cli import server as server_commands
from dayone.cli.customers import app as customers_app
from dayone.cli.lint import lint
from dayone.cli.wbr import app as wbr_app
from dayone.cli.weblab import app as weblab_app

app = typer.Typer(
    rich_markup_mode="markdown",
    name="dayone",
    help="dayone, the Day 1 operating system.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
server_commands.register(app)
app.command("lint")(lint)
app.add_typer(wbr_app, name="wbr")
app.add_typer(customers_app, name="customers")
app.add_typer(weblab_app, name="weblab")


def main() -> None:
    """Run the ``dayone`` command."""
    app()
