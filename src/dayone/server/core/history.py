"""History the database itself keeps: tables whose rows are never changed or deleted.

The audit log, versions, revisions, reviews, stances and a decision's history are append-only
in the services; database triggers (made by each app's migrations with :func:`keep_rows`) make
them append-only for every other writer too, so a script or a database shell cannot rewrite
them. The one change they accept is a person's removal clearing the columns that name them
(``erasable``), as ``on_delete=SET_NULL`` does. Restoring a backup (and emptying a test
database) goes through :func:`history_unlocked`, which lifts the triggers for one transaction
(on PostgreSQL by the transaction setting ``dayone.history_unlocked``).

SQLite and PostgreSQL have triggers; other databases get none.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import migrations, transaction

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor
    from django.db.migrations.state import StateApps

PREFIX = "dayone_keep_"
MESSAGE = "{table} keeps its history: rows are never changed or deleted"

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION dayone_keep_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    name text;
    erasable text[] := COALESCE(TG_ARGV, '{}'::text[]);
BEGIN
    IF current_setting('dayone.history_unlocked', true) = 'on' THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% keeps its history: rows are never changed or deleted', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    old_row := to_jsonb(OLD);
    new_row := to_jsonb(NEW);
    IF (new_row - erasable) IS DISTINCT FROM (old_row - erasable) THEN
        RAISE EXCEPTION '% keeps its history: rows are never changed or deleted', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    FOREACH name IN ARRAY erasable LOOP
        IF new_row->>name IS NOT NULL AND new_row->name IS DISTINCT FROM old_row->name THEN
            RAISE EXCEPTION '% keeps its history: rows are never changed or deleted',
                TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END IF;
    END LOOP;
    RETURN NEW;
END;
$$
"""


def _sqlite_create(
    connection: BaseDatabaseWrapper, table: str, erasable: Sequence[str]
) -> list[str]:
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
    kept = [f'NEW."{c}" IS NOT OLD."{c}"' for c in columns if c not in erasable]
    kept += [f'(NEW."{c}" IS NOT NULL AND NEW."{c}" IS NOT OLD."{c}")' for c in erasable]
    refuse = f"SELECT RAISE(ABORT, '{MESSAGE.format(table=table)}');"
    return [
        f'CREATE TRIGGER "{PREFIX}{table}_update" BEFORE UPDATE ON "{table}" '
        f"WHEN {' OR '.join(kept)} BEGIN {refuse} END",
        f'CREATE TRIGGER "{PREFIX}{table}_delete" BEFORE DELETE ON "{table}" BEGIN {refuse} END',
    ]


def _postgresql_create(table: str, erasable: Sequence[str]) -> list[str]:
    arguments = ", ".join(f"'{c}'" for c in erasable)
    return [
        _PG_FUNCTION,
        f'CREATE TRIGGER "{PREFIX}{table}" BEFORE UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION dayone_keep_rows({arguments})",
    ]


def _drop(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f'DROP TRIGGER IF EXISTS "{PREFIX}{table}_update"',
            f'DROP TRIGGER IF EXISTS "{PREFIX}{table}_delete"',
        ]
    return [f'DROP TRIGGER IF EXISTS "{PREFIX}{table}" ON "{table}"']


def keep_rows(*tables: tuple[str, Sequence[str]]) -> migrations.RunPython:
    """A migration operation: each ``(table, erasable columns)`` refuses UPDATE and DELETE."""

    def forwards(_apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        connection = schema_editor.connection
        for table, erasable in tables:
            if connection.vendor == "sqlite":
                statements = _sqlite_create(connection, table, erasable)
            elif connection.vendor == "postgresql":
                statements = _postgresql_create(table, erasable)
            else:
                continue
            for statement in [*_drop(connection.vendor, table), *statements]:
                schema_editor.execute(statement, params=None)

    def backwards(_apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        vendor = schema_editor.connection.vendor
        if vendor in {"sqlite", "postgresql"}:
            for table, _erasable in tables:
                for statement in _drop(vendor, table):
                    schema_editor.execute(statement, params=None)

    return migrations.RunPython(forwards, backwards, elidable=False)


@contextmanager
def history_unlocked(connection: Any) -> Iterator[None]:
    """Lift the history triggers for one transaction (restoring a backup, emptying a test
    database); they are back when it ends, whether it commits or rolls back."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{PREFIX}%"],
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            yield
            for _name, sql in triggers:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('dayone.history_unlocked', 'on', true)")
            yield
            cursor.execute("SELECT set_config('dayone.history_unlocked', 'off', true)")
        else:
            yield
