"""What a worker drew from the database is kept until a table it read is written, and no longer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.template.loader import get_template

from dayone.server.core.enums import Role
from dayone.server.core.models import Organization, TableWrite, User
from dayone.server.core.panels import panels
from dayone.server.core.readcache import cached, reader_key
from dayone.server.decisions.models import Decision
from tests.server.core.test_home import _decision
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db


class Counted:
    """A computation that reads the organisation's name, counting how often it ran."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self) -> list[str]:
        self.runs += 1
        return list(Organization.objects.values_list("name", flat=True))


@pytest.fixture
def company(db):
    return Organization.objects.create(name="Riverbend Books")


def test_a_value_is_kept_while_nothing_it_read_is_written(company):
    names = Counted()
    assert cached("names", names) == ["Riverbend Books"]
    assert cached("names", names) == ["Riverbend Books"]
    assert names.runs == 1


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda o: Organization.objects.filter(pk=o.pk).update(name="Fernhill"), id="update"
        ),
        pytest.param(lambda o: o.__class__.objects.filter(pk=o.pk).delete(), id="delete"),
        pytest.param(lambda o: Organization.objects.create(name="Fernhill"), id="insert"),
        pytest.param(
            lambda o: Organization.objects.bulk_create([Organization(name="Fernhill")]), id="bulk"
        ),
        pytest.param(
            lambda o: connection.cursor().execute(
                "UPDATE core_organization SET name = %s", ["Fernhill"]
            ),
            id="raw-sql",
        ),
    ],
)
def test_any_write_to_a_table_it_read_computes_it_again(company, write):
    names = Counted()
    cached("names", names)
    write(company)
    assert cached("names", names) == list(Organization.objects.values_list("name", flat=True))
    assert names.runs == 2


def test_a_write_to_another_table_keeps_it(company):
    names = Counted()
    cached("names", names)
    UserFactory(username="someone")
    cached("names", names)
    assert names.runs == 1


def test_a_value_computed_within_a_write_that_is_rolled_back_is_never_read_again(company):
    names = Counted()
    with pytest.raises(RuntimeError), transaction.atomic():
        Organization.objects.filter(pk=company.pk).update(name="Rolled back")
        assert cached("names", names) == ["Rolled back"]
        raise RuntimeError
    assert cached("names", names) == ["Riverbend Books"]
    Organization.objects.filter(pk=company.pk).update(name="Fernhill")
    assert cached("names", names) == ["Fernhill"]


def test_a_value_within_another_passes_on_what_it_read(company):
    inner = Counted()
    cached("inner", inner)  # kept before the outer value reads it from the cache

    def outer() -> int:
        return len(cached("inner", inner)) + User.objects.count()

    cached("outer", outer)
    Organization.objects.create(
        name="Fernhill"
    )  # written: the outer value read it through the inner
    assert cached("outer", outer) == 2
    assert inner.runs == 2


def test_tables_the_caller_read_are_watched_too(company):
    runs = []
    cached("told", lambda: runs.append(1), reads=("core_organization",))
    Organization.objects.filter(pk=company.pk).update(name="Fernhill")
    cached("told", lambda: runs.append(1), reads=("core_organization",))
    assert len(runs) == 2


def test_a_table_without_a_mark_is_never_read_from_the_cache(company):
    names = Counted()
    TableWrite.objects.filter(name="core_organization").delete()
    cached("names", names)
    cached("names", names)
    assert names.runs == 2


def test_migrations_mark_every_table(db):
    TableWrite.objects.all().delete()
    call_command("migrate", verbosity=0)
    marked = set(TableWrite.objects.values_list("name", flat=True))
    assert {"core_organization", "decisions_decision", "metrics_metric"} <= marked


def test_what_a_reader_is_shown_depends_on_their_role(db):
    person = UserFactory(username="ren", role=Role.MEMBER)
    as_member = reader_key(person)
    person.role = Role.VIEWER
    assert reader_key(person) != as_member


def test_the_home_page_shows_a_change_at_once(member_client, member):
    """The decisions panel is kept for its reader, and drawn again once a decision changes."""
    decider = UserFactory(username="dora")
    decision = _decision(member, decider, question="Do we open on Sundays?")
    member_client.force_login(decider)
    assert "Do we open on Sundays?" in member_client.get("/").content.decode()
    Decision.objects.filter(pk=decision.pk).update(question="Do we open on Mondays?")
    html = member_client.get("/").content.decode()
    assert "Do we open on Mondays?" in html
    assert "Do we open on Sundays?" not in html


def _template_source(name: str, seen: set[str]) -> str:
    if name in seen:
        return ""
    seen.add(name)
    source = Path(get_template(name).origin.name).read_text()
    included = re.findall(r'{%\s*include\s+"([^"]+)"', source)
    return source + "".join(_template_source(child, seen) for child in included)


@pytest.mark.parametrize("page", ["home", "team", "metric", "document", "goal", "experiment"])
def test_a_kept_panel_holds_no_form_of_its_reader_session(page):
    """A form's token belongs to a session: a panel drawn once for every session of a reader
    must not hold one. Panels with a form are drawn for each request (``after_deck``)."""
    for panel in panels(page):
        if not panel.after_deck:
            assert "csrf_token" not in _template_source(panel.template, set()), panel.key
