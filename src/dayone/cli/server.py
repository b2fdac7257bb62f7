"""Server commands: demo, serve, migrate, createuser, backup, restore."""

from __future__ import annotations

import errno
import getpass
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dayone.cli._django import fail, pending_migrations, setup
from dayone.server.core.enums import Role

console = Console(stderr=True)
GRACEFUL_SECONDS = 5
# Threads per worker: a request waiting on the database or a file (an upload, the SQLite write
# lock) leaves the worker's other threads serving readers.
THREADS = 4

Host = Annotated[str, typer.Option(help="Address to listen on.")]
Port = Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)]
Workers = Annotated[
    int, typer.Option(help="Worker processes (each serves requests in parallel).", min=1)
]


def migrate() -> None:
    """Create or upgrade the application database."""
    setup()
    _migrate()


def _migrate() -> None:
    from django.core.management import call_command

    pending = pending_migrations()
    if not pending:
        console.print("Database is up to date.")
        return
    with console.status(f"Applying {len(pending)} migrations..."):
        call_command("migrate", interactive=False, verbosity=0)
    console.print(f"Applied {len(pending)} migrations.")


def createuser(
    username: Annotated[str, typer.Argument(help="The name to sign in with.")],
    role: Annotated[Role, typer.Option(help="admin, member or viewer.")] = Role.MEMBER,
    email: Annotated[str, typer.Option(help="E-mail address.")] = "",
    first_name: Annotated[str, typer.Option(help="Given name.")] = "",
    last_name: Annotated[str, typer.Option(help="Family name.")] = "",
    password: Annotated[
        str | None, typer.Option(help="Password; asked for when omitted.", envvar="DAYONE_PASSWORD")
    ] = None,
) -> None:
    """Create a person who can sign in."""
    setup()
    if pending_migrations():
        fail("the database is not migrated yet; run: dayone migrate")
    from django.core.exceptions import ValidationError

    from dayone.server.core.services import user_create

    if password is None:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            fail("the two passwords differ; nothing was created")
    try:
        user = user_create(
            actor=None,
            username=username,
            password=password,
            role=role.value,
            email=email,
            first_name=first_name,
            last_name=last_name,
        )
    except ValidationError as exc:
        fail("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()))
    console.print(f"Created {user.get_role_display().lower()} '{user.username}'.")


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the server itself will: a port left in TIME_WAIT by a killed server is free to use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                fail(
                    f"port {port} on {host} is already in use (another dayone?). Stop it, or pass --port {port + 1}."
                )
            if exc.errno == errno.EACCES:
                fail(f"not allowed to listen on port {port}; choose a port above 1023 with --port.")
            fail(f"cannot listen on {host}:{port}: {exc.strerror}")


def _check_engine() -> str:
    """The analytical engine the server will use, checked without starting it; one line and
    exit when it cannot be used (a bad DAYONE_WAREHOUSE, a missing extra or Java, no master)."""
    from dayone.server.core.warehouse import analytical_store
    from dayone.warehouse import WarehouseError

    try:
        store = analytical_store()
        store.check()
    except WarehouseError as exc:
        fail(str(exc))
    return f"Apache Spark at {store.target.url}" if store.distributed else "DuckDB"


def _release_connections() -> None:
    """Close what this process opened, so that no worker inherits a connection across fork."""
    from django.db import connections

    from dayone.warehouse import close_local_connections

    connections.close_all()
    close_local_connections()


def _run_gunicorn(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from dayone.server.core.static_collect import static_collect
    from dayone.server.core.warmup import warm_up

    with console.status("Collecting static files (hashed and compressed)..."):
        if static_collect():
            console.print("Collected the static files.")
    # Only now: WhiteNoise lists the collected files when the application is built.
    from dayone.server.config.wsgi import application

    warm_up()
    _release_connections()

    class DayoneServer(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", THREADS)
            self.cfg.set("accesslog", None)
            self.cfg.set("errorlog", "-")
            self.cfg.set("loglevel", "warning")
            self.cfg.set("timeout", 120)
            # On SIGTERM, workers get this long to finish their requests before they are killed.
            self.cfg.set("graceful_timeout", GRACEFUL_SECONDS)

        def load(self) -> object:
            return application

    DayoneServer().run()


def serve(host: Host = "127.0.0.1", port: Port = 8000, workers: Workers = 2) -> None:
    """Serve the web app (gunicorn; put a reverse proxy in front of it in production)."""
    setup()
    pending = pending_migrations()
    if pending:
        fail(f"the database needs {len(pending)} migrations first; run: dayone migrate")
    _check_port(host, port)
    engine = _check_engine()
    console.print(
        f"dayone is serving on [bold]http://{host}:{port}[/bold] with {workers} workers "
        f"(analytics on {engine}). Stop with Ctrl+C."
    )
    _run_gunicorn(host, port, workers)


def demo(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    workers: Workers = 2,
    seed: Annotated[
        int, typer.Option(help="Seed of the generated company (same seed, same data).")
    ] = 7,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Load the demo and stop.")] = False,
) -> None:
    """Load the demo company, Riverbend Books, and serve it."""
    setup()
    if not no_serve:
        _check_port(host, port)
    _check_engine()
    _migrate()
    from dayone.server.core.demo import DEMO_PASSWORD, DemoConflictError, demo_load

    try:
        with console.status("Loading Riverbend Books..."):
            result = demo_load(seed=seed, progress=console.log)
    except DemoConflictError as exc:
        fail(str(exc))
    if result.created:
        console.print(f"Loaded the demo company {result.organization} ({result.summary}).")
    else:
        console.print(
            f"The demo company {result.organization} is already loaded; keeping its data as it is."
        )
    console.print(
        f"Sign in as [bold]{result.login}[/bold] with password [bold]{DEMO_PASSWORD}[/bold] "
        f"(every demo person has this password)."
    )
    if not no_serve:
        console.print(f"Open [bold]http://{host}:{port}[/bold]. Stop with Ctrl+C.")
        _run_gunicorn(host, port, workers)


def backup(
    file: Annotated[
        Path | None, typer.Argument(help="Where to write the backup (.tar.gz).")
    ] = None,
) -> None:
    """Write one file holding the application database and the analytical data."""
    setup()
    from dayone.server.core.backup import BackupError, backup_create

    destination = file or Path(f"dayone-backup-{datetime.now(tz=UTC):%Y%m%d-%H%M%S}.tar.gz")
    try:
        with console.status("Backing up...") as status:
            summary = backup_create(destination, progress=status.update)
    except BackupError as exc:
        fail(str(exc))
    console.print(
        f"Backed up {summary.rows} rows and {summary.warehouse_files} analytical files to {summary.path}"
    )


def restore(
    file: Annotated[Path, typer.Argument(help="A backup written by 'dayone backup'.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the current data with a backup's. The file is checked before anything changes."""
    setup()
    from dayone.server.core.backup import BackupError, backup_inspect, backup_restore

    try:
        manifest = backup_inspect(file)
    except BackupError as exc:
        fail(str(exc))
    if not yes:
        typer.confirm(
            f"Replace all current data with the backup of {manifest['created_at']} "
            f"({manifest['rows']} rows)?",
            abort=True,
        )
    _migrate()
    try:
        with console.status("Restoring...") as status:
            backup_restore(file, progress=status.update)
    except BackupError as exc:
        fail(str(exc))
    console.print(f"Restored the backup of {manifest['created_at']} from {file}.")


def register(app: typer.Typer) -> None:
    """Add the server commands to the root ``dayone`` command."""
    for command in (demo, serve, migrate, createuser, backup, restore):
        app.command()(command)
