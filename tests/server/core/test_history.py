"""The database keeps the history itself: raw UPDATE and DELETE on kept tables are refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from dayone.server.core import services
from dayone.server.core.demo import demo_load
from dayone.server.core.history import history_unlocked
from dayone.server.core.models import AuditEntry, User
from dayone.server.teams import services as team_services
from dayone.server.teams.models import PrincipleRevision

pytestmark = pytest.mark.django_db

KEPT_TABLES = (
    "core_auditentry",
    "documents_documentversion",
    "metrics_metricversion",
    "org_principlerevision",
    "goals_goalreview",
    "decisions_stance",
    "decisions_event",
    "decisions_review",
    "hiring_interviewquestionrevision",
)


def _refused(sql: str, params: list[object]) -> str:
    with pytest.raises(IntegrityError) as raised, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return str(raised.value)


def _text_column(table: str) -> str:
    with connection.cursor() as cursor:
        for column in connection.introspection.get_table_description(cursor, table):
            if column.name not in {"id"} and not column.name.endswith("_id"):
                return column.name
    raise AssertionError(table)


def test_the_audit_log_refuses_raw_updates_and_deletes(admin):
    services.organization_set(actor=admin, name="Riverbend Books")
    entry = AuditEntry.objects.get(action="organization.create")
    message = _refused("UPDATE core_auditentry SET action = %s WHERE id = %s", ["x", entry.pk])
    assert "core_auditentry keeps its history" in message
    _refused(
        "UPDATE core_auditentry SET actor_id = NULL, action = %s WHERE id = %s", ["x", entry.pk]
    )
    _refused("UPDATE core_auditentry SET actor_name = %s WHERE id = %s", ["eve", entry.pk])
    _refused("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    _refused("DELETE FROM core_auditentry", [])
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(after={"name": "Somebody Else"})
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.delete()
    entry.refresh_from_db()
    assert (entry.action, entry.actor_name, entry.after) == (
        "organization.create",
        admin.username,
        {"name": "Riverbend Books", "description": ""},
    )


def test_removing_a_person_clears_their_name_from_kept_rows_and_nothing_else(admin):
    bea = services.user_create(actor=admin, username="bea", password=None, role="admin")
    services.organization_set(actor=bea, name="Riverbend Books")
    principle = team_services.principle_create(
        actor=bea, name="Ownership", description="Owners act on behalf of the company."
    )
    _refused("UPDATE core_auditentry SET actor_id = %s WHERE actor_id = %s", [admin.pk, bea.pk])
    User.objects.filter(pk=bea.pk).delete()
    entry = AuditEntry.objects.get(action="organization.create")
    assert (entry.actor_id, entry.actor_name) == (None, "bea")
    assert PrincipleRevision.objects.get(principle=principle).author_id is None


def test_history_unlocked_lifts_the_triggers_for_one_transaction_only(admin):
    services.organization_set(actor=admin, name="Riverbend Books")
    with pytest.raises(RuntimeError), history_unlocked(connection):
        AuditEntry.objects.all().delete()
        assert not AuditEntry.objects.exists()
        raise RuntimeError  # rolls back
    assert AuditEntry.objects.count() == 1
    _refused("DELETE FROM core_auditentry", [])
    with history_unlocked(connection):
        AuditEntry.objects.all().delete()
    assert not AuditEntry.objects.exists()
    services.organization_set(actor=admin, name="Riverbend")
    _refused("DELETE FROM core_auditentry", [])


@pytest.mark.slow
def test_every_kept_table_refuses_raw_updates_and_deletes(settings, tmp_path):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    demo_load(today=date(2026, 11, 22))
    for table in KEPT_TABLES:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*), MIN(id) FROM {table}")
            count, first = cursor.fetchone()
        assert count > 0, f"the demo has no rows in {table}"
        column = _text_column(table)
        assert "keeps its history" in _refused(
            f"UPDATE {table} SET {column} = NULL WHERE id = %s", [first]
        )
        assert "keeps its history" in _refused(f"DELETE FROM {table} WHERE id = %s", [first])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            assert cursor.fetchone()[0] == count
