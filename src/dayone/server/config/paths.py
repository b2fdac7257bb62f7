"""Where dayone keeps its data: one home folder, ``DAYONE_HOME`` (default ``./.dayone``)."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
from pathlib import Path

logger = logging.getLogger("dayone")

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


class DataHomeError(Exception):
    """The data folder cannot be created, read or written."""


def data_home() -> Path:
    """The data folder: ``$DAYONE_HOME``, or ``.dayone`` in the working directory."""
    return Path(os.environ.get("DAYONE_HOME", ".dayone")).expanduser().resolve()


def warehouse_dir(home: Path | None = None) -> Path:
    """The analytical data folder (DuckDB file and Parquet) inside the data folder."""
    return (home or data_home()) / "warehouse"


def ensure_data_home(home: Path) -> None:
    """Create the data folder if needed, readable by its owner only, and check that it can be
    written. A folder that others can read is made private, with a warning."""
    try:
        home.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    except OSError as exc:
        raise DataHomeError(
            f"cannot create the data folder {home} ({exc.strerror}); "
            "set DAYONE_HOME to a folder you can write"
        ) from exc
    if not os.access(home, os.R_OK | os.W_OK | os.X_OK):
        raise DataHomeError(
            f"the data folder {home} is not readable and writable by this user; "
            "fix its permissions or set DAYONE_HOME to another folder"
        )
    make_private(home, PRIVATE_FOLDER)


def make_private(path: Path, mode: int) -> None:
    """Take group and other permissions away from ``path`` if it has any, saying so."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if current & 0o077 == 0:
        return
    try:
        path.chmod(mode)
    except OSError as exc:
        logger.warning(
            "%s can be read by others (%o) and could not be changed: %s", path, current, exc
        )
        return
    logger.warning(
        "%s could be read by others (%o); it is now private to its owner (%o).", path, current, mode
    )


def ensure_private_database(path: Path) -> None:
    """Create the SQLite file (and keep it) readable and writable by its owner only.

    SQLite gives its journal files the database file's permissions, so they stay private too.
    """
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    make_private(path, PRIVATE_FILE)


def secret_key(home: Path) -> str:
    """The secret key: ``$DAYONE_SECRET_KEY``, or one generated once and kept in the data folder."""
    from_env = os.environ.get("DAYONE_SECRET_KEY")
    if from_env:
        return from_env
    path = home / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    ensure_data_home(home)
    key = secrets.token_urlsafe(50)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    with contextlib.suppress(FileExistsError):  # another process won the race: keep its key
        os.link(tmp, path)
    tmp.unlink()
    return path.read_text(encoding="utf-8").strip()
