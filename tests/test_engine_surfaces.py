"""Every engine's public surface, checked the same way: what the server, the CLI and library
users may import from ``dayone.<engine>``."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import types
from pathlib import Path

import pytest

ENGINES = [
    "assignment",
    "customers",
    "demo",
    "experiments",
    "hiring",
    "prose",
    "stats",
    "warehouse",
    "wbr",
]
SOURCE = Path(__file__).resolve().parents[1] / "src" / "dayone"


def _engine(name: str) -> types.ModuleType:
    return importlib.import_module(f"dayone.{name}")


def _public_names(module: types.ModuleType) -> set[str]:
    """The module's public names, with those it imports on first use (``_LAZY``)."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"
    } | set(getattr(module, "_LAZY", {}))


@pytest.mark.parametrize("name", ENGINES)
def test_all_names_exactly_the_public_names(name: str) -> None:
    engine = _engine(name)
    assert set(engine.__all__) == _public_names(engine)
    assert len(engine.__all__) == len(set(engine.__all__))


@pytest.mark.parametrize("name", ENGINES)
def test_every_public_function_and_class_says_what_it_is(name: str) -> None:
    engine = _engine(name)
    undocumented = [
        member
        for member in engine.__all__
        if inspect.isfunction(getattr(engine, member)) or inspect.isclass(getattr(engine, member))
        if not getattr(engine, member).__doc__
    ]
    assert undocumented == []
    assert engine.__doc__


@pytest.mark.parametrize("name", ENGINES)
def test_the_examples_in_the_docstrings_run(name: str) -> None:
    engine = _engine(name)
    modules = [engine] + [
        importlib.import_module(info.name)
        for info in pkgutil.iter_modules(engine.__path__, f"{engine.__name__}.")
    ]
    failed = {module.__name__: doctest.testmod(module).failed for module in modules}
    assert {module: count for module, count in failed.items() if count} == {}


@pytest.mark.parametrize("name", ENGINES)
def test_the_server_and_the_cli_import_only_the_public_surface(name: str) -> None:
    private = f"dayone.{name}._"
    reaching_in = [
        str(path.relative_to(SOURCE))
        for folder in ("server", "cli")
        for path in (SOURCE / folder).rglob("*.py")
        if private in path.read_text(encoding="utf-8")
    ]
    assert reaching_in == []
