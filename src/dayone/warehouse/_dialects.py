"""SQL that Ibis cannot express, written once in DuckDB's dialect and transpiled with SQLGlot.

A construct SQLGlot knows the target engine lacks raises, naming the construct and the engine;
what SQLGlot passes through unchanged and the engine does not know (a DuckDB-only function)
fails in the engine's own analyser, before any row is read. Nothing is ever dropped silently.
"""

from __future__ import annotations

import sqlglot
from sqlglot.errors import ErrorLevel, ParseError, SqlglotError, UnsupportedError

from dayone.warehouse._errors import WarehouseError

ENGINES = {"duckdb": "duckdb", "pyspark": "spark"}
"""Ibis dialect -> SQLGlot dialect."""


def transpile(sql: str, *, write: str, read: str = "duckdb") -> str:
    """``sql`` (one statement in the ``read`` dialect) in the ``write`` engine's dialect."""
    source, target = ENGINES.get(read, read), ENGINES.get(write, write)
    if source == target:
        return sql
    try:
        statements = sqlglot.transpile(
            sql, read=source, write=target, unsupported_level=ErrorLevel.RAISE
        )
    except UnsupportedError as exc:
        construct = str(exc).strip().splitlines()[0] if str(exc).strip() else "a construct"
        raise WarehouseError(f"the {target} engine cannot run this query: {construct}") from exc
    except ParseError as exc:
        first = exc.errors[0] if exc.errors else {}
        where = f" at line {first.get('line')}, column {first.get('col')}" if first else ""
        what = first.get("description") or "unexpected text"
        raise WarehouseError(f"the {source} SQL cannot be parsed{where}: {what}") from exc
    except SqlglotError as exc:
        raise WarehouseError(f"the {source} SQL cannot be read: {exc}") from exc
    if len(statements) != 1:
        raise WarehouseError(f"expected one statement, got {len(statements)}")
    return statements[0]
