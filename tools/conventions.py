"""Conventions from docs/style.md that ruff cannot express, checked by `make lint`.

- Views and API modules never query models directly (no ``.objects``): they call selectors
  and services, which check permissions.
- SQL text is built only inside the warehouse package: elsewhere statements are composed with
  ``dayone.warehouse.compose`` (names quoted by the port), so ruff's S608 (SQL built from
  strings) is never silenced outside ``src/dayone/warehouse``.

Prints each breach as ``path:line: message`` and exits 1 when there is any.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "dayone"
SERVER = SOURCE / "server"
NO_OBJECTS = "views and API modules read through selectors and write through services, not .objects"
NO_SQL_TEXT = "SQL is built only in dayone.warehouse; compose the statement with warehouse.compose"
SQL_SILENCED = re.compile(r"#\s*noqa:[^#]*\bS608\b")


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


SQL_TEXT_ALLOWED = {
    # The application database, not the warehouse: a restore empties Django's own tables with
    # DELETE, as Django's sql_flush would TRUNCATE, which PostgreSQL refuses while the
    # restore's deferred trigger events are pending.
    Path("server/core/backup.py"),
}


def sql_text_silenced(source: Path = SOURCE) -> list[tuple[Path, int]]:
    """Lines outside the warehouse package that silence ruff's check on SQL built from strings."""
    warehouse = source / "warehouse"
    return [
        (path, number)
        for path in sorted(source.rglob("*.py"))
        if warehouse not in path.parents and path.relative_to(source) not in SQL_TEXT_ALLOWED
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SQL_SILENCED.search(line)
    ]


def breaches(source: Path = SOURCE) -> list[str]:
    """Every breach, as ``path:line: message``."""
    root = source.parent.parent
    return [
        *(
            f"{path.relative_to(root)}:{line}: {NO_OBJECTS}"
            for path in interface_modules(source / "server")
            for line in objects_uses(path)
        ),
        *(
            f"{path.relative_to(root)}:{line}: {NO_SQL_TEXT}"
            for path, line in sql_text_silenced(source)
        ),
    ]


def main() -> int:
    found = breaches()
    for line in found:
        print(line)  # noqa: T201 - a linter reports on stdout
    print(f"conventions: {len(interface_modules())} interface modules, {len(found)} breaches")  # noqa: T201
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
