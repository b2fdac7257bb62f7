"""Conventions from docs/style.md that ruff cannot express, checked by `make lint`.

- Views and API modules never query models directly (no ``.objects``): they call selectors
  and services, which check permissions.

Prints each breach as ``path:line: message`` and exits 1 when there is any.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SERVER = Path(__file__).resolve().parent.parent / "src" / "dayone" / "server"
NO_OBJECTS = "views and API modules read through selectors and write through services, not .objects"


def interface_modules(server: Path = SERVER) -> list[Path]:
    """Every view and API module of the server apps."""
    found = {
        *server.glob("*/views.py"),
        *server.glob("*/views_*.py"),
        *server.glob("*/views/*.py"),
        *server.glob("*/api.py"),
        *server.glob("api/*.py"),
    }
    return sorted(found)


def objects_uses(path: Path) -> list[int]:
    """The lines of ``path`` that use a model manager's ``.objects``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    )


def breaches(server: Path = SERVER) -> list[str]:
    """Every breach, as ``path:line: message``."""
    root = server.parent.parent.parent
    return [
        f"{path.relative_to(root)}:{line}: {NO_OBJECTS}"
        for path in interface_modules(server)
        for line in objects_uses(path)
    ]


def main() -> int:
    found = breaches()
    for line in found:
        print(line)  # noqa: T201 - a linter reports on stdout
    print(f"conventions: {len(interface_modules())} interface modules, {len(found)} breaches")  # noqa: T201
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
