"""Identifiers in generated SQL: plain names only, quoted for the engine's dialect."""

from __future__ import annotations

import re

from dayone.warehouse._port import WarehouseError

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
