from __future__ import annotations

import io
import json
import tarfile

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from dayone.server.core import services
from dayone.server.core.backup import BackupError, backup_create, backup_inspect, backup_restore
from dayone.server.core.models import AuditEntry, User

pytestmark = pytest.mark.django_db


def _dump() -> list[dict]:
    buffer = io.StringIO()
    call_command("dumpdata", format="json", stdout=buffer, verbosity=0, exclude=["sessions"])
    return sorted(json.loads(buffer.getvalue()), key=lambda row: (row["model"], str(row["pk"])))


@pytest.fixture
def warehouse(settings, tmp_path):
    folder = tmp_path / "home" / "warehouse"
    (folder / "parquet").mkdir(parents=True)
    (folder / "parquet" / "daily_business.parquet").write_bytes(b"PAR1" + bytes(range(256)) * 40)
    (folder / "dayone.duckdb").write_bytes(b"duck" * 1000)
    settings.DAYONE_WAREHOUSE_DIR = folder
    return folder


@pytest.fixture
def company(admin):
    services.organization_set(actor=admin, name="Riverbend Books")
    services.user_create(
        actor=admin, username="bea", password="a long enough secret", title="Analyst"
    )
    services.api_token_create(actor=admin, name="etl")
    return admin


def test_round_trip_loses_nothing(company, warehouse, tmp_path):
    before_rows = _dump()
    before_files = {
        p.relative_to(warehouse): p.read_bytes() for p in warehouse.rglob("*") if p.is_file()
    }
    archive = tmp_path / "backup.tar.gz"
    summary = backup_create(archive)
    assert summary.warehouse_files == 2
    assert summary.rows >= len(before_rows)

    # Change everything after the backup: delete people, add audit entries, damage the warehouse.
    User.objects.filter(username="bea").delete()
    services.organization_set(actor=company, name="Somebody Else")
    (warehouse / "dayone.duckdb").write_bytes(b"changed")
    (warehouse / "stray.parquet").write_bytes(b"new")

    backup_restore(archive)

    assert _dump() == before_rows
    after_files = {
        p.relative_to(warehouse): p.read_bytes() for p in warehouse.rglob("*") if p.is_file()
    }
    assert after_files == before_files
    assert User.objects.get(username="bea").check_password("a long enough secret")
    # sequences continue after the restored rows: new rows still get fresh keys
    services.user_create(actor=company, username="after", password="a long enough secret")
    # the audit log came back whole, and still keeps its history
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.all().delete()


def _corrupt_copies(archive, tmp_path):
    raw = archive.read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(raw[: len(raw) // 2])
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        data = b'{"hello": "world"}'
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "database.json":
                data = data.replace(b"bea", b"eve")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    text = tmp_path / "notes.txt"
    text.write_text("not a backup")
    return {
        "truncated": (truncated, "damaged or truncated|not a readable"),
        "foreign": (foreign, "not a dayone backup"),
        "tampered": (tampered, "damaged"),
        "text": (text, "not a readable"),
        "missing": (tmp_path / "nope.tar.gz", "no such file"),
    }


def test_corrupt_or_foreign_files_are_refused_and_change_nothing(company, warehouse, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup_create(archive)
    services.user_create(actor=company, username="kept", password="a long enough secret")
    before_rows = _dump()
    before_files = {
        p.relative_to(warehouse): p.read_bytes() for p in warehouse.rglob("*") if p.is_file()
    }
    for name, (path, message) in _corrupt_copies(archive, tmp_path).items():
        with pytest.raises(BackupError, match=message):
            backup_restore(path)
        assert _dump() == before_rows, name
        files = {
            p.relative_to(warehouse): p.read_bytes() for p in warehouse.rglob("*") if p.is_file()
        }
        assert files == before_files, name
    assert not list(warehouse.parent.glob(".warehouse.*"))


def test_inspect_reads_the_manifest_without_changing_anything(company, warehouse, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup_create(archive)
    count = AuditEntry.objects.count()
    manifest = backup_inspect(archive)
    assert manifest["format"] == "dayone-backup"
    assert ["core", "0001_initial"] in manifest["migrations"]
    assert AuditEntry.objects.count() == count


def test_a_backup_from_a_newer_schema_is_refused(company, warehouse, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup_create(archive)
    newer = tmp_path / "newer.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(newer, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"].append(["core", "9999_future"])
                data = json.dumps(manifest).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="newer dayone"):
        backup_restore(newer)
