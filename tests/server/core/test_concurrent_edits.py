"""Two people save the same record at the same moment, from the same version: exactly one edit
is saved, the other is refused naming the version now current, and nothing of the saved edit
is lost.

Each person is a thread with its own client and its own database connection, so the two
requests really overlap: both are sent together, and whichever takes the row first holds it a
moment before committing, so the other has read the row (or waits for it) while the first is
still writing. On SQLite the second waits for the write lock at the start of its transaction,
on PostgreSQL for the row lock; either way it must then see the new version and refuse.
"""

from __future__ import annotations

import gc
import itertools
import json
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dayone.server.core import services as core_services
from dayone.server.core import versions
from dayone.server.core.enums import Role
from dayone.server.decisions import services as decision_services
from dayone.server.decisions.enums import Door
from dayone.server.decisions.services import OptionInput
from dayone.server.goals import services as goal_services
from dayone.server.teams import services as team_services
from dayone.server.wbr import services as wbr_services
from dayone.server.weblab import services as weblab_services
from dayone.server.weblab.services import ExperimentInput, MetricInput
from tests.server.factories import UserFactory, metric_catalogue

pytestmark = pytest.mark.django_db(transaction=True)

HOLD_SECONDS = 0.3
_NAMES = itertools.count()


@dataclass
class Record:
    """One editable row and how the API and its form change the field ``field``."""

    row: Model
    field: str
    api_method: str
    api_path: str
    api_body: Callable[[str], dict[str, Any]]
    form_url: str
    form_body: Callable[[str], dict[str, Any]]


def _decision(owner, other) -> Record:
    decision = decision_services.decision_create(
        actor=owner,
        question="Do we lower the free-shipping threshold to $25?",
        context="Cart abandonment peaks at $25-$35.",
        door=Door.TWO_WAY,
        information_pct=60,
        decide_by=timezone.localdate() + timedelta(days=7),
        decider=other,
        stakeholders=[],
        options=[OptionInput("Lower it"), OptionInput("Keep it")],
    )
    form = {"action": "edit", "information_pct": "60", "stakeholders": []}
    return Record(
        row=decision,
        field="context",
        api_method="patch",
        api_path=f"/api/decisions/{decision.pk}",
        api_body=lambda text: {"context": text},
        form_url=reverse("decisions:edit", args=[decision.pk]),
        form_body=lambda text: {**form, "context": text},
    )


def _metric(owner, other, tmp_path) -> Record:
    csv = tmp_path / "shop.csv"
    csv.write_text("Date,Orders\n2026-11-01,10\n2026-11-02,12\n")
    shop = wbr_services.source_create_csv(
        actor=owner, name="Shop", slug="shop", path=csv, file_name="shop.csv"
    )
    metric = wbr_services.metric_create(
        actor=owner,
        key="orders",
        name="Orders",
        definition="Orders placed.",
        owner=owner,
        source=shop,
        column="Orders",
    )
    form = {
        "name": "Orders",
        "owner": owner.pk,
        "role": "output",
        "unit": "count",
        "aggregation": "sum",
        "comparison": "percent",
        "source": "shop",
        "column": "Orders",
    }
    return Record(
        row=metric,
        field="definition",
        api_method="patch",
        api_path="/api/wbr/metrics/orders",
        api_body=lambda text: {"definition": text},
        form_url=reverse("wbr:metric_edit", args=["orders"]),
        form_body=lambda text: {**form, "definition": text},
    )


def _goal(owner, other) -> Record:
    metric_catalogue()
    team = team_services.team_create(actor=other, name="Search", leader=other)
    goal = goal_services.goal_create(
        actor=owner,
        text="Cut searches with zero results to 2% by 30 June",
        owner=owner,
        team=team,
        due_on=timezone.localdate() + timedelta(days=90),
        metric_key="zero_result_rate",
        target=0.02,
        direction="at_most",
    )
    form = {
        "owner": owner.pk,
        "team": team.pk,
        "starts_on": goal.starts_on.isoformat(),
        "due_on": goal.due_on.isoformat(),
        "metric_key": "zero_result_rate",
        "target": "2%",
        "direction": "at_most",
        "kind": "input",
    }
    return Record(
        row=goal,
        field="text",
        api_method="patch",
        api_path=f"/api/goals/{goal.pk}",
        api_body=lambda text: {"text": f"Cut zero results to 2% by June: {text}"},
        form_url=reverse("goals:edit", args=[goal.pk]),
        form_body=lambda text: {**form, "text": f"Cut zero results to 2% by June: {text}"},
    )


def _experiment(owner, other) -> Record:
    hypothesis = "A green button is easier to see, so more visitors will buy."
    experiment = weblab_services.experiment_create(
        actor=owner,
        data=ExperimentInput(
            key="checkout-button",
            name="Green checkout button",
            hypothesis=hypothesis,
            variants=["Control", "Green"],
            metrics=[
                MetricInput(
                    key="purchase", role="primary", kind="binomial", where={"event": "purchase"}
                )
            ],
        ),
    )
    body = {
        "key": "checkout-button",
        "hypothesis": hypothesis,
        "variants": ["Control", "Green"],
        "metrics": [{"key": "purchase", "role": "primary", "where": {"event": "purchase"}}],
    }
    form = {
        "key": "checkout-button",
        "hypothesis": hypothesis,
        "variants": "Control, Green",
        "weights": "0.5, 0.5",
        "coverage": "1",
        "events_table": "weblab_events",
        "pre_period_days": "0",
        "engine": "frequentist",
        "correction": "holm",
        "alpha": "0.05",
        "metrics-TOTAL_FORMS": "1",
        "metrics-INITIAL_FORMS": "0",
        "metrics-0-key": "purchase",
        "metrics-0-role": "primary",
        "metrics-0-kind": "binomial",
        "metrics-0-where": "event=purchase",
    }
    return Record(
        row=experiment,
        field="name",
        api_method="put",
        api_path="/api/weblab/experiments/checkout-button",
        api_body=lambda text: {**body, "name": text},
        form_url=reverse("weblab:edit", args=[experiment.pk]),
        form_body=lambda text: {**form, "name": text},
    )


def _team(owner, other) -> Record:
    team = team_services.team_create(
        actor=other, name="Search", leader=owner, mission="Find books."
    )
    form = {"name": "Search", "leader": owner.pk}
    return Record(
        row=team,
        field="mission",
        api_method="patch",
        api_path=f"/api/org/teams/{team.slug}",
        api_body=lambda text: {"mission": text},
        form_url=reverse("teams:team_edit", args=[team.slug]),
        form_body=lambda text: {**form, "mission": text},
    )


KINDS = ["decision", "metric", "goal", "experiment", "team"]


@pytest.fixture
def live_database(transactional_db, tmp_path):
    """The database as dayone runs it. PostgreSQL as it is; SQLite's test database lives in
    memory with a shared cache, where a second writer is refused at once ("database table is
    locked") instead of waiting for the lock as a data folder's file does (WAL, busy timeout):
    the test copies it to a file and runs there."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    in_memory, name = connection.connection, connection.settings_dict["NAME"]
    on_disk = sqlite3.connect(tmp_path / "dayone.sqlite3")
    in_memory.backup(on_disk)
    on_disk.close()
    connection.connection = None  # kept open: closing the last one drops the in-memory copy
    connection.settings_dict["NAME"] = str(tmp_path / "dayone.sqlite3")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = in_memory


@pytest.fixture
def people(live_database):
    return (
        UserFactory(username="max", role=Role.MEMBER),
        UserFactory(username="ada", role=Role.ADMIN, is_staff=True, is_superuser=True),
    )


@pytest.fixture
def record(request, people, settings, tmp_path) -> Record:
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    owner, other = people
    if request.param == "metric":
        return _metric(owner, other, tmp_path)
    makers = {"decision": _decision, "goal": _goal, "experiment": _experiment, "team": _team}
    return makers[request.param](owner, other)


@pytest.fixture
def held_lock(monkeypatch):
    """Whoever takes a row for editing holds it a moment before going on, so the other edit
    overlaps it. Counts how many edits took the row."""
    taken: list[int] = []
    real = versions.version_lock

    def hold(*, instance, expected):
        locked = real(instance=instance, expected=expected)
        taken.append(locked.version)
        time.sleep(HOLD_SECONDS)
        return locked

    modules = [
        module
        for module in list(sys.modules.values())
        if module is not versions
        and (module.__name__ or "").startswith("dayone.server.")
        and getattr(module, "version_lock", None) is real
    ]
    assert len(modules) >= 5, modules
    for module in modules:
        monkeypatch.setattr(module, "version_lock", hold)
    return taken


def _at_once(*sends: Callable[[], Any]) -> list[Any]:
    """Run each request in its own thread, released together; their responses in order.

    The cyclic garbage collector is paused meanwhile: both requests share one interpreter here,
    and a collection that finalises something a test before left behind (a database or browser
    connection) holds the interpreter lock for seconds, so the request holding the row would
    stall past the other's lock timeout. Served, each request has a worker process of its own.
    """
    gc.collect()
    gc.disable()
    try:
        return _run_together(sends)
    finally:
        gc.enable()


def _run_together(sends: tuple[Callable[[], Any], ...]) -> list[Any]:
    start = threading.Barrier(len(sends))
    answers: list[Any] = [None] * len(sends)
    failures: list[BaseException] = []

    def run(index: int, send: Callable[[], Any]) -> None:
        try:
            start.wait(timeout=10)
            answers[index] = send()
        except BaseException as error:  # reported in the main thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert all(not thread.is_alive() for thread in threads)
    return answers


def _bearer(user) -> dict[str, str]:
    _, raw = core_services.api_token_create(actor=user, name=f"script {next(_NAMES)}")
    return {"Authorization": f"Bearer {raw}"}


def _stored(record: Record) -> Model:
    return type(record.row)._default_manager.get(pk=record.row.pk)


@pytest.mark.parametrize("record", KINDS, indirect=True)
def test_two_api_edits_at_once_save_one_and_refuse_the_other(record, people, held_lock):
    before = _stored(record)
    assert before.version == 1
    texts = ("Edit of the first person.", "Edit of the second person.")
    sends = []
    for user, text in zip(people, texts, strict=True):
        headers = {**_bearer(user), "If-Match": '"1"'}
        body = json.dumps(record.api_body(text))
        method = getattr(Client(), record.api_method)
        sends.append(
            lambda method=method, body=body, headers=headers: method(
                record.api_path, body, content_type="application/json", headers=headers
            )
        )

    answers = _at_once(*sends)

    codes = sorted(answer.status_code for answer in answers)
    assert codes == [200, 409], [(a.status_code, a.content[:300]) for a in answers]
    saved = next(a for a in answers if a.status_code == 200)
    refused = next(a for a in answers if a.status_code == 409)
    assert saved.json()["version"] == 2
    assert refused.json()["version"] == 2
    assert "now at version 2" in refused.json()["detail"]
    winner = texts[answers.index(saved)]
    after = _stored(record)
    assert after.version == 2
    assert winner in getattr(after, record.field)
    assert held_lock[0] == 1, "the first edit took the row at version 1"


@pytest.mark.parametrize("record", KINDS, indirect=True)
def test_two_form_saves_at_once_save_one_and_show_the_other_the_conflict(record, people, held_lock):
    texts = ("Typed in the first tab.", "Typed in the second tab.")
    sends = []
    for user, text in zip(people, texts, strict=True):
        browser = Client()
        browser.force_login(user)
        body = {**record.form_body(text), "version": "1"}
        sends.append(lambda browser=browser, body=body: browser.post(record.form_url, body))

    answers = _at_once(*sends)

    saved = [a for a in answers if a.status_code == 302]
    shown = [a for a in answers if a.status_code != 302]
    assert len(saved) == 1 and len(shown) == 1, [a.status_code for a in answers]
    page = shown[0].content.decode()
    loser = texts[answers.index(shown[0])]
    winner = texts[answers.index(saved[0])]
    assert loser in page, "what was typed is kept"
    assert f"Saved meanwhile: {record.form_body(winner)[record.field]}" in page
    assert 'name="version" value="2"' in page
    after = _stored(record)
    assert after.version == 2
    assert getattr(after, record.field) == record.form_body(winner)[record.field]
