"""The server commands, run as a user runs them: in a fresh process, with the environment."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

DAYONE = [sys.executable, "-m", "dayone.cli"]


def run(*args: str, home: Path, env: dict[str, str] | None = None, stdin: str | None = None):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DAYONE_HOME"}
    }
    environment.update({"DAYONE_HOME": str(home), **(env or {})})
    return subprocess.run(
        [*DAYONE, *args],
        capture_output=True,
        text=True,
        env=environment,
        input=stdin,
        timeout=120,
        check=False,
    )


def one_clear_line(result) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_help_lists_the_commands(tmp_path):
    result = run("--help", home=tmp_path)
    assert result.returncode == 0
    for command in ["demo", "serve", "migrate", "createuser", "backup", "restore"]:
        assert command in result.stdout


def test_unreachable_database_is_one_line_with_the_password_hidden(tmp_path):
    result = run(
        "migrate",
        home=tmp_path,
        env={"DATABASE_URL": "postgres://dayone:s3cret@127.0.0.1:9/dayone"},
    )
    line = one_clear_line(result)
    assert "cannot connect to the database" in line
    assert "s3cret" not in line
    assert "***" in line


def test_malformed_database_url_is_one_line(tmp_path):
    line = one_clear_line(run("migrate", home=tmp_path, env={"DATABASE_URL": "bogus://what"}))
    assert "DATABASE_URL" in line


def test_data_folder_that_cannot_be_created_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    line = one_clear_line(run("migrate", home=blocker / "home"))
    assert "cannot create the data folder" in line
    assert "DAYONE_HOME" in line


def test_port_in_use_is_one_line_and_suggests_another(tmp_path):
    assert run("migrate", home=tmp_path).returncode == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_clear_line(run("serve", "--port", str(port), home=tmp_path))
    assert f"port {port}" in line
    assert f"--port {port + 1}" in line


def test_serve_refuses_an_unmigrated_database(tmp_path):
    line = one_clear_line(run("serve", "--port", "18999", home=tmp_path))
    assert "dayone migrate" in line


def test_createuser_then_duplicate_is_refused(tmp_path):
    assert run("migrate", home=tmp_path).returncode == 0
    created = run(
        "createuser",
        "ana",
        "--role",
        "admin",
        home=tmp_path,
        env={"DAYONE_PASSWORD": "a long enough secret"},
    )
    assert created.returncode == 0, created.stderr
    assert "Created admin 'ana'" in created.stderr
    again = run("createuser", "ana", home=tmp_path, env={"DAYONE_PASSWORD": "a long enough secret"})
    assert "already exists" in one_clear_line(again)


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    assert run("migrate", home=tmp_path).returncode == 0
    key_file = tmp_path / "secret_key"
    first = key_file.read_text()
    assert len(first) >= 50
    assert key_file.stat().st_mode & 0o077 == 0
    assert run("migrate", home=tmp_path).returncode == 0
    assert key_file.read_text() == first


def test_demo_twice_keeps_the_data_and_backup_restore_round_trips(tmp_path):
    first = run("demo", "--no-serve", home=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Loaded the demo company Riverbend Books" in first.stderr
    assert "eleanor.voss" in first.stderr
    parquet = tmp_path / "warehouse" / "parquet" / "daily_business.parquet"
    data = parquet.read_bytes()

    second = run("demo", "--no-serve", home=tmp_path)
    assert second.returncode == 0
    assert "already loaded; keeping its data" in second.stderr
    assert parquet.read_bytes() == data

    archive = tmp_path / "riverbend.tar.gz"
    assert run("backup", str(archive), home=tmp_path).returncode == 0
    run("createuser", "late", home=tmp_path, env={"DAYONE_PASSWORD": "a long enough secret"})
    parquet.write_bytes(b"overwritten")
    restored = run("restore", str(archive), "--yes", home=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert parquet.read_bytes() == data
    again = run(
        "createuser", "late", home=tmp_path, env={"DAYONE_PASSWORD": "a long enough secret"}
    )
    assert again.returncode == 0, "the user created after the backup must be gone after restore"

    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(archive.read_bytes()[:1000])
    line = one_clear_line(run("restore", str(broken), "--yes", home=tmp_path))
    assert "broken.tar.gz" in line


def _serve(home: Path, port: int) -> subprocess.Popen[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DAYONE_HOME"}
    }
    environment["DAYONE_HOME"] = str(home)
    return subprocess.Popen(
        [*DAYONE, "serve", "--port", str(port), "--workers", "1"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _answer_once(server: subprocess.Popen[str], port: int, deadline_seconds: float = 90) -> bool:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as client:
                client.sendall(
                    b"GET /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                )
                answer = b""
                while chunk := client.recv(65536):  # read to the end: the server closes first
                    answer += chunk
                if answer.startswith(b"HTTP/1.1"):
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def test_serve_starts_again_at_once_after_being_killed(tmp_path):
    assert run("migrate", home=tmp_path).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    first = _serve(tmp_path, port)
    try:
        assert _answer_once(first, port), "the first server never answered"
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    second = _serve(tmp_path, port)
    try:
        assert _answer_once(second, port), second.stdout.read() if second.poll() is not None else ""
    finally:
        os.killpg(second.pid, signal.SIGKILL)
        second.wait(timeout=30)


def test_data_folder_and_database_are_private_to_their_owner(tmp_path):
    home = tmp_path / "fresh"
    assert run("migrate", home=home).returncode == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "dayone.sqlite3").stat().st_mode) == 0o600


def test_a_data_folder_others_can_read_is_made_private_with_a_warning(tmp_path):
    assert run("migrate", home=tmp_path).returncode == 0
    tmp_path.chmod(0o755)
    (tmp_path / "dayone.sqlite3").chmod(0o644)
    result = run("migrate", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "dayone.sqlite3").stat().st_mode) == 0o600
    assert "could be read by others" in result.stderr


def test_deployment_check_is_clean_behind_https(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DAYONE_HOME"}
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"  # set by the browser tests in this process
    }
    environment.update(
        {
            "DAYONE_HOME": str(tmp_path),
            "DAYONE_HTTPS": "1",
            "DJANGO_SETTINGS_MODULE": "dayone.server.config.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_print_ahead_names_its_choices_when_set_to_something_else(tmp_path):
    tmp_path.chmod(0o700)
    result = run("migrate", home=tmp_path, env={"DAYONE_PRINT_AHEAD": "sometimes"})
    assert one_clear_line(result) == (
        "dayone: DAYONE_PRINT_AHEAD='sometimes': write latest (the default), all or off"
    )
