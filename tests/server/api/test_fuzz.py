"""Fuzzing the whole REST API from its OpenAPI document, as an admin, a member and a viewer.

Every operation of /api/openapi.json gets generated requests, valid and invalid, with a fixed
seed; each request is sent with each role's bearer token to the WSGI application, and every
answer must be:

- not a server error (no 5xx, ever);
- of a status code the operation documents;
- of the documented content type and body schema.

The company the requests land in is seeded once for the module (one record of each kind, by
the services and factories the other tests use) and each operation's requests run in their
own savepoint of it, so what one operation changes, the next does not see. Paths that name a
record (``{goal_id}``, ``{slug}``, ``{key}``...) get a real one about half of the time.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dayone.demo.business import generate_daily, write_daily
from dayone.server.api.api import api
from dayone.server.core import services as core_services
from dayone.server.customers import services as customer_services
from dayone.server.customers.models import Anecdote, Theme
from dayone.server.decisions import services as decision_services
from dayone.server.decisions.enums import Door
from dayone.server.decisions.services import OptionInput
from dayone.server.documents import services as document_services
from dayone.server.documents.enums import DocumentKind
from dayone.server.goals import services as goal_services
from dayone.server.hiring import services as hiring_services
from dayone.server.teams import services as team_services
from dayone.server.wbr import services as wbr_services
from dayone.server.wbr.models import Metric
from tests.server.factories import metric_catalogue
from tests.server.hiring.conftest import make_world
from tests.server.weblab.conftest import make_experiment

if TYPE_CHECKING:
    from collections.abc import Iterator

    from schemathesis import APIOperation, Case

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("DAYONE_FUZZ_EXAMPLES", "6"))  # per operation, sent as each role
ROLES = ("admin", "member", "viewer")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# The document as clients read it from /api/openapi.json (JSON keys are strings).
SCHEMA = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema())),
    config=schemathesis.Config.from_dict({"seed": 20261206}),
)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
NOT_FOUND_WITHOUT_RECORD = {"get"}


@pytest.fixture(scope="module")
def company(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """One record of each kind, kept for the module in a transaction rolled back at its end;
    each test runs in a savepoint inside it (pytest-django's ``db``)."""
    warehouse = tmp_path_factory.mktemp("fuzz") / "warehouse"
    with (
        django_db_blocker.unblock(),
        override_settings(DAYONE_WAREHOUSE_DIR=warehouse),
        transaction.atomic(),
    ):
        yield _seed(warehouse)
        transaction.set_rollback(True)


def _seed(warehouse: Any) -> dict[str, Any]:
    world = make_world()
    admin, member, viewer = world.admin, world.manager, world.viewer
    tokens = {}
    for role, person in zip(ROLES, (admin, member, viewer), strict=True):
        _, raw = core_services.api_token_create(actor=person, name="fuzz")
        tokens[role] = {"Authorization": f"Bearer {raw}"}

    source = metric_catalogue(owner=member)
    write_daily(warehouse / "parquet", generate_daily(end=date(2026, 11, 28), years=1))
    metric = Metric.objects.filter(source=source).order_by("key").first()
    assert metric is not None
    week = date(2026, 11, 28)
    wbr_services.commentary_set(actor=admin, metric=metric, week_ending=week, text="Rain.")

    team = world.role.team
    initiative = team_services.initiative_create(actor=admin, team=team, name="Series Shelf")
    principle = world.principles[0]
    goal = goal_services.goal_create(
        actor=admin,
        text="Ship the series shelf to every shop by the due date",
        owner=member,
        team=team,
        due_on=timezone.localdate() + timedelta(days=30),
        judged_by="Met when every shop runs the shelf; a launch review confirms it.",
    )

    decision = decision_services.decision_create(
        actor=member,
        question="Do we lower the free-shipping threshold to $25?",
        context="Cart abandonment peaks at $25-$35.",
        door=Door.TWO_WAY,
        information_pct=60,
        decide_by=timezone.localdate() + timedelta(days=7),
        decider=member,
        stakeholders=[world.team_member, world.director],
        options=[
            OptionInput("Lower to $25", "More orders qualify", "Costs about $40k a month"),
            OptionInput("Keep $35", "Margin stays", "Competitors are at $25"),
        ],
    )
    decision_services.stance_record(
        actor=world.team_member,
        decision=decision,
        kind="escalate",
        objection="Relevance risk in Q4.",
        escalate_to=world.director,
    )
    decision_escalation = decision.escalations.get()

    document = document_services.document_create(
        actor=member,
        kind=DocumentKind.NARRATIVE,
        title="A fourth warehouse",
        body="# A fourth warehouse\n\nOrders to the South East take 3.4 days.\n",
    )
    review = document_services.review_schedule(
        actor=member,
        document=document,
        scheduled_for=timezone.now() + timedelta(days=1),
        readers=[admin, world.team_member],
    )
    comment = document_services.comment_add(
        actor=admin, document=document, body="Which days?", quote="3.4 days"
    )

    experiment = make_experiment(member)

    anecdote = Anecdote.objects.create(
        text="I was on hold for forty minutes and nobody answered.",
        channel="call",
        said_on=date(2026, 3, 2),
        fingerprint="fuzz-1",
    )
    theme = Theme.objects.create(label="Waiting on hold", centroid=b"")
    anecdote.theme = theme
    anecdote.save(update_fields=["theme"])
    customer_escalation = customer_services.escalation_raise(
        actor=admin, anecdote=anecdote, owner=member
    )
    idea = customer_services.idea_submit(
        actor=member,
        title="Call back instead of holding",
        customer="Readers who phone the shop about an order: 900 a week.",
        problem="They wait on hold for forty minutes and hang up.",
        evidence="Hold times on the phone queue doubled since March.",
        anecdotes=[anecdote],
    )

    loop = world.plan()
    interview = loop.interviews.order_by("pk").first()
    assert interview is not None
    question = hiring_services.question_create(
        actor=world.admin,
        principle=principle,
        text="Tell me about a time you called a reader back about a lost order?",
        strong="Names the reader and the order, and what changed for the next reader.",
        weak="Describes the returns policy, not what they did for one reader.",
    )

    return {
        "tokens": tokens,
        "paths": {
            "/api/org/teams/{slug}": {"slug": team.slug},
            "/api/org/teams/{slug}/members/{username}": {
                "slug": team.slug,
                "username": world.team_member.username,
            },
            "/api/org/initiatives/{initiative_id}": {"initiative_id": initiative.pk},
            "/api/org/principles/{slug}": {"slug": principle.slug},
            "/api/goals/{goal_id}": {"goal_id": goal.pk},
            "/api/wbr/metrics/{key}": {"key": metric.key},
            "/api/wbr/metrics/{key}/commentary/{week}": {
                "key": metric.key,
                "week": week.isoformat(),
            },
            "/api/wbr/sources/{slug}": {"slug": source.slug},
            "/api/decisions/escalations/{escalation_id}": {"escalation_id": decision_escalation.pk},
            "/api/decisions/{decision_id}": {"decision_id": decision.pk},
            "/api/documents/{document_id}/versions/{number}": {
                "document_id": document.pk,
                "number": 1,
            },
            "/api/documents/{document_id}": {"document_id": document.pk},
            "/api/documents/reviews/{review_id}": {"review_id": review.pk},
            "/api/documents/comments/{comment_id}": {"comment_id": comment.pk},
            "/api/weblab/experiments/{key}": {"key": experiment.key},
            "/api/customers/anecdotes/{anecdote_id}": {"anecdote_id": anecdote.pk},
            "/api/customers/themes/{theme_id}": {"theme_id": theme.pk},
            "/api/customers/escalations/{escalation_id}": {"escalation_id": customer_escalation.pk},
            "/api/customers/ideas/{idea_id}": {"idea_id": idea.pk},
            "/api/hiring/roles/{role_id}": {"role_id": world.role.pk},
            "/api/hiring/candidates/{candidate_id}": {"candidate_id": world.candidate.pk},
            "/api/hiring/loops/{loop_id}": {"loop_id": loop.pk},
            "/api/hiring/interviews/{interview_id}": {"interview_id": interview.pk},
            "/api/hiring/questions/{question_id}": {"question_id": question.pk},
        },
    }


def real_path_parameters(company: dict[str, Any], operation: APIOperation) -> dict[str, Any]:
    """The path parameters of a seeded record for ``operation``, by the longest known prefix."""
    known = [prefix for prefix in company["paths"] if operation.path.startswith(prefix)]
    if not known:
        return {}
    return company["paths"][max(known, key=len)]


@pytest.fixture(scope="module")
def app() -> Iterator[WSGIHandler]:
    """The WSGI application, leaving the test's connection open between requests as Django's
    test client does (closing it would end the test's transaction on PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_every_answer_is_documented_and_no_request_is_a_server_error(
    db: None, company: dict[str, Any], app: WSGIHandler, operation: APIOperation
) -> None:
    real = real_path_parameters(company, operation)
    needed = {p.name for p in operation.path_parameters}
    assert set(real) == needed, f"no seeded record for {operation.label}"
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    if real:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real))
    statuses: Counter[tuple[str, int]] = Counter()
    found: list[bool] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=st.one_of(strategies))
    def requests(case: Case) -> None:
        for role in ROLES:
            # identity: the GZip middleware would compress, and the WSGI client does not unzip.
            headers = {**company["tokens"][role], "Accept-Encoding": "identity"}
            response = case.call(app=app, headers=headers)
            case.validate_response(response, checks=CHECKS)
            statuses[role, response.status_code] += 1
            # A valid token is never refused nor throttled, whatever else the request holds.
            assert response.status_code not in {401, 429}, response.text
            if real and case.path_parameters == real and role == "admin":
                found.append(response.status_code != 404)

    requests()
    if real and operation.method in NOT_FOUND_WITHOUT_RECORD:
        assert any(found), (operation.label, statuses)
