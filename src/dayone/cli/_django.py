"""Start Django for a command, turning configuration problems into one clear line."""

from __future__ import annotations

import os
import sys
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

import typer

SETTINGS_MODULE = "dayone.server.config.settings"


def fail(message: str, *, code: int = 2) -> NoReturn:
    """Print one line to stderr and leave with ``code``."""
    typer.secho(f"dayone: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def _masked(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def setup(*, check_database: bool = True) -> None:
    """Configure Django from the environment and check the data folder and the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from dayone.server.config.paths import DataHomeError

    try:
        import django

        django.setup()
    except DataHomeError as exc:
        fail(str(exc))
    except Exception as exc:  # a malformed DATABASE_URL raises ValueError or ImproperlyConfigured
        from django.core.exceptions import ImproperlyConfigured

        if isinstance(exc, ImproperlyConfigured) and str(exc).startswith("DAYONE_"):
            fail(str(exc))  # one of dayone's own settings, named in the message
        if "DATABASE_URL" in os.environ:
            fail(
                f"DATABASE_URL is not a database URL dayone can use ({exc}). Example: postgres://user:pass@host:5432/dayone"
            )
        raise
    if check_database:
        _check_database()


def _check_database() -> None:
    from django.db import DatabaseError, connection

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        where = (
            _masked(os.environ["DATABASE_URL"])
            if "DATABASE_URL" in os.environ
            else connection.settings_dict["NAME"]
        )
        fail(
            f"cannot connect to the database {where}: {reason}. Check DATABASE_URL and that the server is running."
        )
    except ImportError as exc:
        fail(
            f"the database driver is missing ({exc}); install it with: pip install 'dayone[postgres]'"
        )


def pending_migrations() -> list[str]:
    """Migrations not yet applied to the database."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def stderr_is_terminal() -> bool:
    """Whether progress bars should be drawn."""
    return sys.stderr.isatty()
