"""Where dayone keeps its data: one home folder, ``DAYONE_HOME`` (default ``./.dayone``)."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


class DataHomeError(Exception):
    """The data folder cannot be created, read or written."""


def data_home() -> Path:
    """The data folder: ``$DAYONE_HOME``, or ``.dayone`` in the working directory."""
    return Path(os.environ.get("DAYONE_HOME", ".dayone")).expanduser().resolve()


def warehouse_dir(home: Path | None = None) -> Path:
    """The analytical data folder (DuckDB file and Parquet) inside the data folder."""
    return (home or data_home()) / "warehouse"


def ensure_data_home(home: Path) -> None:
    """Create the data folder if needed and check that it can be written."""
    try:
        home.mkdir(parents=True, exist_ok=True)
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
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    with contextlib.suppress(FileExistsError):  # another process won the race: keep its key
        os.link(tmp, path)
    tmp.unlink()
    return path.read_text(encoding="utf-8").strip()
