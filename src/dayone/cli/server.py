"""Server commands: demo, serve, migrate, createuser, backup, restore."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the server commands to the root ``dayone`` command."""
    del app
