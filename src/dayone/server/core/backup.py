"""Back up and restore everything dayone keeps: the application database and the analytical data.

A backup is one ``.tar.gz`` file::

    manifest.json      format, versions, applied migrations, SHA-256 of every other member
    database.json      every row of the application database (Django's portable JSON dump)
    warehouse/...      the analytical data folder, file by file

Restoring checks the whole file before it changes anything, loads the database in one
transaction, and swaps the analytical folder in only after the database has committed.
Because the database part is portable JSON, a backup taken on SQLite restores into PostgreSQL.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from dayone import __version__
from dayone.server.core.history import history_unlocked

if TYPE_CHECKING:
    from collections.abc import Callable

FORMAT = "dayone-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
WAREHOUSE = "warehouse"


class BackupError(Exception):
    """The backup cannot be written, or the file is not a dayone backup that can be restored."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds."""

    path: Path
    created_at: str
    dayone_version: str
    rows: int
    warehouse_files: int


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _dump_database() -> bytes:
    buffer = io.StringIO()
    call_command("dumpdata", format="json", stdout=buffer, verbosity=0)
    return buffer.getvalue().encode("utf-8")


def backup_create(
    destination: Path, *, progress: Callable[[str], None] | None = None
) -> BackupSummary:
    """Write a backup of the database and the analytical data to ``destination`` (atomically)."""
    note = progress or (lambda _message: None)
    warehouse_dir = Path(settings.DAYONE_WAREHOUSE_DIR)
    note("Dumping the application database")
    database = _dump_database()
    rows = len(json.loads(database))
    files: dict[str, str] = {DATABASE: _sha256(database)}
    warehouse_files = (
        sorted(p for p in warehouse_dir.rglob("*") if p.is_file()) if warehouse_dir.is_dir() else []
    )
    note(f"Hashing {len(warehouse_files)} analytical data files")
    for path in warehouse_files:
        files[f"{WAREHOUSE}/{path.relative_to(warehouse_dir).as_posix()}"] = _file_sha256(path)
    created_at = datetime.now(tz=UTC).isoformat(timespec="seconds")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "dayone_version": __version__,
        "created_at": created_at,
        "database_vendor": connections[DEFAULT_DB_ALIAS].vendor,
        "rows": rows,
        "migrations": _applied_migrations(),
        "files": files,
    }
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_name(f".{destination.name}.partial")
    note(f"Writing {destination}")
    try:
        with tarfile.open(tmp, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
            _add_bytes(archive, DATABASE, database)
            for path in warehouse_files:
                archive.add(
                    path, arcname=f"{WAREHOUSE}/{path.relative_to(warehouse_dir).as_posix()}"
                )
        tmp.replace(destination)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"cannot write {destination}: {exc.strerror or exc}") from exc
    return BackupSummary(destination, created_at, __version__, rows, len(warehouse_files))


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(tz=UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _read_manifest(archive: tarfile.TarFile, source: Path) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        handle = archive.extractfile(member)
        raw = handle.read() if handle is not None else b""
    except KeyError:
        raise BackupError(f"{source} is not a dayone backup: it has no {MANIFEST}") from None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise BackupError(
            f"{source} is not a readable backup: it is damaged or truncated ({exc})"
        ) from exc
    try:
        manifest: dict[str, Any] = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(f"{source}: {MANIFEST} is not valid JSON ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is not a dayone backup (format {manifest.get('format')!r})")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{source} uses backup format {manifest.get('format_version')}; "
            f"this dayone reads format {FORMAT_VERSION}"
        )
    return manifest


def _verify(
    archive: tarfile.TarFile, manifest: dict[str, Any], source: Path
) -> dict[str, bytes | None]:
    """Check every member against the manifest; return the database bytes (others stay packed)."""
    expected: dict[str, str] = manifest.get("files", {})
    members = {m.name: m for m in archive.getmembers() if m.name != MANIFEST}
    for name in members:
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts:
            raise BackupError(f"{source}: refusing unsafe path {name!r}")
        if name not in expected:
            raise BackupError(f"{source}: unexpected member {name!r} not listed in the manifest")
    missing = sorted(set(expected) - set(members))
    if missing:
        raise BackupError(f"{source}: missing {', '.join(missing[:3])} listed in the manifest")
    contents: dict[str, bytes | None] = {}
    for name, member in members.items():
        if not member.isfile():
            raise BackupError(f"{source}: {name!r} is not a regular file")
        handle = archive.extractfile(member)
        data = handle.read() if handle is not None else b""
        if _sha256(data) != expected[name]:
            raise BackupError(f"{source}: {name} is damaged (checksum mismatch)")
        contents[name] = data if name == DATABASE else None
    return contents


def backup_inspect(source: Path) -> dict[str, Any]:
    """Open and fully verify a backup; return its manifest. Changes nothing."""
    with _open(source) as archive:
        manifest = _read_manifest(archive, source)
        _verify(archive, manifest, source)
    return manifest


def _open(source: Path) -> tarfile.TarFile:
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    try:
        return tarfile.open(source, "r:gz")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(
            f"{source} is not a dayone backup (not a readable .tar.gz: {exc})"
        ) from exc


def _check_migrations(manifest: dict[str, Any], source: Path) -> None:
    known = {tuple(pair) for pair in _applied_migrations()}
    theirs = {tuple(pair) for pair in manifest.get("migrations", [])}
    newer = sorted(theirs - known)
    if newer:
        app, name = newer[0]
        raise BackupError(
            f"{source} was made by a newer dayone ({manifest.get('dayone_version')}); "
            f"this database lacks migration {app}.{name}. Upgrade dayone, then restore."
        )


def _flush_and_load(database: bytes) -> None:
    """Empty every table, then load the dump. Run inside a transaction: all or nothing.

    Kept history is replaced too: the backup holds all of it."""
    connection = connections[DEFAULT_DB_ALIAS]
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with history_unlocked(connection):
        with connection.cursor() as cursor:  # foreign keys are deferred: any order will do
            for table in tables:
                # Not Django's sql_flush: on PostgreSQL it truncates, refused while the
                # transaction's deferred trigger events are pending.
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 - Django's own table names
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "database.json"
            fixture.write_bytes(database)
            call_command("loaddata", str(fixture), verbosity=0)
    ContentType.objects.clear_cache()


def backup_restore(
    source: Path, *, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Replace the current data with the backup's. Verifies everything before changing anything."""
    note = progress or (lambda _message: None)
    source = source.resolve()
    warehouse_dir = Path(settings.DAYONE_WAREHOUSE_DIR)
    with _open(source) as archive:
        note("Checking the backup")
        manifest = _read_manifest(archive, source)
        contents = _verify(archive, manifest, source)
        _check_migrations(manifest, source)
        database = contents.get(DATABASE)
        if database is None:
            raise BackupError(f"{source}: it holds no {DATABASE}")
        staging = warehouse_dir.parent / f".{warehouse_dir.name}.restoring"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            note("Unpacking the analytical data")
            for member in archive.getmembers():
                if member.name.startswith(f"{WAREHOUSE}/"):
                    target = staging / PurePosixPath(member.name).relative_to(WAREHOUSE)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    handle = archive.extractfile(member)
                    target.write_bytes(handle.read() if handle is not None else b"")
            note("Loading the application database")
            try:
                with transaction.atomic():
                    _flush_and_load(database)
            except Exception as exc:
                raise BackupError(
                    f"{source}: the database could not be loaded ({exc}); nothing was changed"
                ) from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    note("Swapping in the analytical data")
    retired = warehouse_dir.parent / f".{warehouse_dir.name}.replaced"
    shutil.rmtree(retired, ignore_errors=True)
    if warehouse_dir.exists():
        warehouse_dir.rename(retired)
    staging.rename(warehouse_dir)
    shutil.rmtree(retired, ignore_errors=True)
    return manifest
