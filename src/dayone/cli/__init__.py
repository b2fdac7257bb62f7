"""The ``dayone`` command: one entry point for the server, the demo and the engines.

Each command's module (and the engine or the server it drives) is imported only when that
command runs, so ``dayone wbr build`` does not load Django and ``dayone serve`` does not load
the WBR engine. ``dayone --help`` imports them all, to list their help.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup
from typer.main import get_command, get_group
from typing_extensions import override

COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("dayone.cli.server", "demo"),
    "serve": ("dayone.cli.server", "serve"),
    "migrate": ("dayone.cli.server", "migrate"),
    "createuser": ("dayone.cli.server", "createuser"),
    "backup": ("dayone.cli.server", "backup"),
    "restore": ("dayone.cli.server", "restore"),
    "lint": ("dayone.cli.lint", "lint"),
    "wbr": ("dayone.cli.wbr", "app"),
    "customers": ("dayone.cli.customers", "app"),
    "weblab": ("dayone.cli.weblab", "app"),
}
"""Each command's name, and the module and attribute (a function or a Typer app) that runs it."""


class _LazyGroup(TyperGroup):
    """The root group: a command's module is imported the first time the command is asked for."""

    # Typer's click types live in a private module: the signatures use Any.
    @override
    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    @override
    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, attribute = COMMANDS[cmd_name]
        # __import__ rather than importlib, so that `python -X importtime` shows the module too
        target = getattr(__import__(module, fromlist=[attribute]), attribute)
        if isinstance(target, typer.Typer):
            command: Any = get_group(target)  # a group even when it has one command
        else:
            single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
            single.command(cmd_name)(target)
            command = get_command(single)
        command.name = cmd_name
        self.commands[cmd_name] = command
        return command


app = typer.Typer(
    rich_markup_mode="markdown",
    name="dayone",
    help="dayone, the Day 1 operating system.",
    cls=_LazyGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """dayone, the Day 1 operating system."""


def main() -> None:
    """Run the ``dayone`` command."""
    app()
