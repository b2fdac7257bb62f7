"""The public surface of ``dayone.prose``, and the examples in its docstrings."""

from __future__ import annotations

import doctest
import importlib

import pytest

import dayone.prose

MODULES = ["_lint", "_model", "_report", "_rules", "_text", "_checks", "_layout"]


def test_all_is_sorted_and_complete() -> None:
    names = dayone.prose.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    public = {n for n in dir(dayone.prose) if not n.startswith("_")}
    assert set(names) == public - {"annotations"}


def test_every_public_function_has_a_docstring() -> None:
    for name in dayone.prose.__all__:
        member = getattr(dayone.prose, name)
        if callable(member):
            assert member.__doc__, name


@pytest.mark.parametrize("module", ["__init__", *MODULES])
def test_doctests(module: str) -> None:
    name = "dayone.prose" if module == "__init__" else f"dayone.prose.{module}"
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
