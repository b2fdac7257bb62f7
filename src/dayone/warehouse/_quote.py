"""Generated SQL: identifiers quoted for the engine's dialect, statements composed from parts.

Outside this package nobody formats SQL with f-strings: they call ``compose`` with a template,
names (quoted here) and trusted fragments (``Sql``).
"""

from __future__ import annotations

import re

from dayone.warehouse._errors import WarehouseError

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_QUOTES = {"duckdb": '"', "pyspark": "`"}


class IdentifierError(WarehouseError, ValueError):
    """A table or column name that is not a plain identifier."""


def check_identifier(name: object, what: str) -> str:
    """``name`` when it is a plain identifier (letters, digits, ``_``); refused otherwise."""
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        raise IdentifierError(
            f"{what} must be a plain identifier (letters, digits, _), got {name!r}"
        )
    return name


def quote_identifier(name: object, what: str = "identifier", *, dialect: str = "duckdb") -> str:
    """A plain identifier quoted for ``dialect`` (``duckdb`` or ``pyspark``)."""
    quote = _QUOTES[dialect]
    return f"{quote}{check_identifier(name, what)}{quote}"


def split_table(name: object, what: str = "table") -> tuple[str, ...]:
    """A table name, optionally qualified by a schema (``schema.table``), as its parts."""
    if not isinstance(name, str) or not name:
        raise IdentifierError(f"{what} must be a table name, got {name!r}")
    parts = tuple(name.split("."))
    if len(parts) > 2:
        raise IdentifierError(f"{what} must be TABLE or SCHEMA.TABLE, got {name!r}")
    for part in parts:
        check_identifier(part, what)
    return parts


def quote_table(name: object, what: str = "table", *, dialect: str = "duckdb") -> str:
    """A table name (``table`` or ``schema.table``) quoted for ``dialect``."""
    return ".".join(quote_identifier(p, what, dialect=dialect) for p in split_table(name, what))


def sql_literal(text: str) -> str:
    """A DuckDB string literal (quotes doubled), for the few statements that take no parameter."""
    return "'" + text.replace("'", "''") + "'"


def quote_name(name: object, what: str = "column", *, dialect: str = "duckdb") -> str:
    """Any non-empty name (a CSV header, a query's column) quoted, inner quotes doubled."""
    if not isinstance(name, str) or not name:
        raise IdentifierError(f"{what} must be a non-empty name, got {name!r}")
    quote = _QUOTES[dialect]
    return quote + name.replace(quote, quote * 2) + quote


class Sql(str):
    """A trusted SQL fragment (a checked query, a generated expression): ``compose`` keeps it."""

    __slots__ = ()


def compose(template: str, /, *, dialect: str = "duckdb", **parts: str) -> str:
    """``template`` with each ``{part}`` filled: names quoted for ``dialect``, ``Sql`` kept as it is.

    >>> compose("SELECT {column} FROM {table}", table="daily", column="Orders (all)")
    'SELECT "Orders (all)" FROM "daily"'
    >>> compose("SELECT * FROM ({query}) LIMIT 0", query=Sql("SELECT 1 AS date"))
    'SELECT * FROM (SELECT 1 AS date) LIMIT 0'
    """
    filled = {
        key: value if isinstance(value, Sql) else quote_name(value, key, dialect=dialect)
        for key, value in parts.items()
    }
    return template.format_map(filled)
