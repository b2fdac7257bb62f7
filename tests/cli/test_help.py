"""``dayone … --help``: each command's description reads as flowing paragraphs at any width."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from dayone.cli import app

WIDTH = 80


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path under ``group``, as the CLI lists them (lazily loaded groups too)."""
    ctx = typer.Context(group)
    found = [path]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if hasattr(command, "list_commands"):
            found += _commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


COMMANDS = _commands(typer.main.get_group(app))


def _description(output: str) -> list[list[str]]:
    """The paragraphs between the usage line and the first box, as their lines."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if "Usage:" in line) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    paragraphs: list[list[str]] = [[]]
    for line in lines[start:end]:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def test_every_command_has_a_description():
    assert len(COMMANDS) > 15
    for path in COMMANDS:
        result = CliRunner().invoke(app, [*path, "--help"], terminal_width=WIDTH)
        assert result.exit_code == 0, (path, result.output)
        assert _description(result.output), path


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "dayone")
def test_a_description_is_not_broken_where_the_source_wraps_its_lines(path):
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=WIDTH)
    for paragraph in _description(result.output):
        # Every line but a paragraph's last is filled up to the width, less one word.
        short = [line for line in paragraph[:-1] if len(line) < WIDTH - 20]
        assert short == [], (path, paragraph)
