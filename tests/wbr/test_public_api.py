"""The public surface of ``dayone.wbr``: what the server and the CLI may import."""

from __future__ import annotations

import doctest
from pathlib import Path

import dayone.wbr


def test_all_is_sorted_and_complete() -> None:
    names = dayone.wbr.__all__
    assert names == sorted(names)
    public = {name for name in dir(dayone.wbr) if not name.startswith("_")}
    assert set(names) == public


def test_every_public_function_has_a_docstring() -> None:
    for name in dayone.wbr.__all__:
        member = getattr(dayone.wbr, name)
        if callable(member) and not isinstance(member, type):
            assert member.__doc__, name


def test_the_module_example_runs() -> None:
    failures, _ = doctest.testmod(dayone.wbr)
    assert failures == 0


def test_the_server_imports_only_the_public_surface() -> None:
    server = Path(dayone.wbr.__file__).parents[1] / "server"
    private = [
        str(path)
        for path in server.rglob("*.py")
        if "dayone.wbr._" in path.read_text(encoding="utf-8")
    ]
    assert private == []
