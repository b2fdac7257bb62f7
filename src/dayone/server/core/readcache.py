"""What a worker drew from the database, kept until a table it read is written.

Every statement that writes a table (``INSERT``, ``UPDATE``, ``DELETE``) gives that table a new
random mark in ``core_tablewrite``, in the writer's own transaction: a reader sees the new mark
exactly when it sees the new rows, in every worker process. :func:`cached` records the tables
its computation reads and the marks they had before it started; the value is used again while
every one of those tables still has that mark. A mark is random, not a counter, so that a write
that is rolled back leaves no mark that a later write could take again. Migrations give every
table a mark; a table without one (emptied with the marks) is never read from the cache.

Only the database, written through Django, is watched. The analytical store's rows change with
their source's ``data_version`` row; a write from outside dayone (a database shell, a script of
its own) leaves no mark, and the clock is not watched at all: a value is kept ``seconds`` at most.
"""

from __future__ import annotations

import re
import secrets
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection, connections

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from django.contrib.auth.models import AnonymousUser
    from django.db.backends.base.base import BaseDatabaseWrapper

    from dayone.server.core.models import User

T = TypeVar("T")

MARKS_TABLE = "core_tablewrite"
KEPT_SECONDS = 60
_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.I
)
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)', re.I)
_MARK = (
    "INSERT INTO core_tablewrite (name, mark) VALUES (%s, %s) "
    "ON CONFLICT (name) DO UPDATE SET mark = excluded.mark"
)
_reading: ContextVar[tuple[set[str], ...]] = ContextVar("dayone_reading", default=())
_marks_this_request: ContextVar[dict[str, int] | None] = ContextVar(
    "dayone_has_marks_table_this_request", default=None
)


def watch(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """Mark every table ``connection`` writes, and note what it reads for :func:`cached`
    (connected to ``connection_created``)."""
    del sender, kwargs
    if _watched not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watched)


def mark_every_table(using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    """Give every table a new mark after migrations (``post_migrate``): a migration may have
    changed rows without a mark, and a table without a mark is never read from the cache."""
    del kwargs
    database = connections[using]
    database.dayone_has_marks_table = None  # type: ignore[attr-defined]
    if not _has_marks_table(database):
        return
    with database.cursor() as cursor:
        tables = [t for t in database.introspection.table_names(cursor) if t != MARKS_TABLE]
        cursor.executemany(_MARK, [[table, secrets.randbits(62)] for table in tables])


def _watched(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    for reads in _reading.get():
        reads.update(_READ.findall(sql))
    result = execute(sql, params, many, context)
    written = _WRITE.match(sql)
    if written is not None and written.group(1) != MARKS_TABLE:
        if (read := _marks_this_request.get()) is not None:
            read.clear()  # the request reads the marks again, its own write's among them
        database = context["connection"]
        if _has_marks_table(database):
            with database.cursor() as cursor:  # not the writer's: it may still have rows to read
                cursor.execute(_MARK, [written.group(1), secrets.randbits(62)])
    return result


def _has_marks_table(database: BaseDatabaseWrapper) -> bool:
    known: bool | None = getattr(database, "dayone_has_marks_table", None)
    if known is None:
        with database.cursor() as cursor:
            known = MARKS_TABLE in database.introspection.table_names(cursor)
        database.dayone_has_marks_table = known  # type: ignore[attr-defined]
    return known


def _marks() -> dict[str, int]:
    read = _marks_this_request.get()
    if read:
        return read
    if not _has_marks_table(connection):
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, mark FROM core_tablewrite")
        marks = dict(cursor.fetchall())
    if read is not None:
        read.update(marks)
    return marks


@contextmanager
def marks_read_once() -> Iterator[None]:
    """Within the block (a request), the marks are read once, and again after each write."""
    token = _marks_this_request.set({})
    try:
        yield
    finally:
        _marks_this_request.reset(token)


@contextmanager
def _recording() -> Iterator[set[str]]:
    reads: set[str] = set()
    token = _reading.set((*_reading.get(), reads))
    try:
        yield reads
    finally:
        _reading.reset(token)


def cached(
    key: str, compute: Callable[[], T], *, reads: tuple[str, ...] = (), seconds: int = KEPT_SECONDS
) -> T:
    """``compute()``, or what it gave last time under ``key`` if no table it read (nor any of
    ``reads``, tables the caller read for it) has been written since, within ``seconds``.

    ``key`` must name everything else the value depends on: the reader (:func:`reader_key`),
    the page's subject, the week."""
    marks = _marks()
    kept = caches["drawn"]
    found: tuple[T, tuple[tuple[str, int | None], ...]] | None = kept.get(key)
    if found is not None and all(
        mark is not None and marks.get(table) == mark for table, mark in found[1]
    ):
        _read_by_outer(table for table, _ in found[1])
        return found[0]
    with _recording() as tables:
        value = compute()
    tables.update(reads)
    _read_by_outer(tables)
    kept.set(key, (value, tuple((table, marks.get(table)) for table in sorted(tables))), seconds)
    return value


def _read_by_outer(tables: Iterable[str]) -> None:
    """A value computed within another's computation tells it what it read, kept or not."""
    tables = tuple(tables)
    for outer in _reading.get():
        outer.update(tables)


def reader_key(user: User | AnonymousUser) -> str:
    """What of the reader decides what they are shown: who they are and what their role allows."""
    role = getattr(user, "role", "")
    return f"{user.pk}.{role}.{int(user.is_active)}.{int(user.is_superuser)}"
