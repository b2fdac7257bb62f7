"""No script runs from what people type into goals, metrics and what customers said: every
script-injection attempt goes into every text field of those APIs (the fields read from the
OpenAPI document, so a new field is tried too), and every page that shows them (details, lists,
home, the team page, the WBR deck with "What customers told us", the printed deck) renders
nothing executable. Every text field of those models must have held an attempt by the end.
"""

from __future__ import annotations

import io
import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from dayone.server.core import services as core_services
from dayone.server.core.enums import Role
from dayone.server.customers.models import Anecdote, Theme
from dayone.server.customers.services import themes_regroup
from dayone.server.teams import services as team_services
from tests.server.core.test_xss import (
    PAYLOADS,
    executable_parts,
    model_fields_holding_script,
    text_fields,
    typed_model_fields,
    with_text,
)
from tests.server.factories import UserFactory
from tests.server.wbr.conftest import END, daily, riverbend, warehouse  # noqa: F401

pytestmark = pytest.mark.django_db

# Body fields that name something (a person, a team, a metric, a choice, a date) rather than
# take text: a script attempt there is refused as an unknown name, which the pages never show.
NAMES = {
    ("post", "/api/goals/"): {"owner", "team", "metric_key"},
    ("post", "/api/goals/{goal_id}/close"): {"outcome"},
    ("post", "/api/wbr/metrics"): {
        "key",
        "owner",
        "unit",
        "drives[]",
        "section",
        "source",
        "column",
        "numerator",
        "denominator",
        "target_column",
    },
    ("patch", "/api/wbr/metrics/{key}"): {
        "owner",
        "unit",
        "drives[]",
        "section",
        "source",
        "column",
        "numerator",
        "denominator",
        "target_column",
    },
    ("post", "/api/customers/anecdotes"): {"channel", "date", "severity", "metrics[]"},
    ("post", "/api/customers/anecdotes/{anecdote_id}/escalations"): {"owner"},
    ("post", "/api/customers/ideas"): {"team", "leader"},
    ("post", "/api/customers/ideas/{idea_id}/answer"): {"answer", "starts"},
}
# Text fields of these apps' models that nobody types through these operations, and why.
NOT_TYPED = {
    "customers.Anecdote.fingerprint": "a hash of the text, made by dayone",
    "customers.AnecdoteImport.name": "the uploaded file's name or the API caller, as dayone records it",
    "customers.Theme.label": "named by dayone from what customers said (tried below), or renamed",
    "customers.DisagreementAnswer.text": "answered on the themes page's own form",
    "goals.Goal.metric_key": "names a metric of the catalogue",
    "metrics.Metric.key": "a slug, checked as one",
    "metrics.Metric.unit": "names a unit",
    "metrics.Metric.column": "names a column of the data source",
    "metrics.Metric.target_column": "names a column of the data source",
    "metrics.DataSource.slug": "a slug, checked as one",
    "metrics.DataSource.name": "data sources are tried by the CSV upload tests",
    "metrics.DataSource.query": "SQL, run and never shown as markup",
    "metrics.DataSource.file_name": "the uploaded file's name",
    "metrics.MetricVersion.note": "written with the metric's change (its note field)",
    "metrics.Section.name": "sections are named by admins on their own form",
    "metrics.Section.description": "sections are named by admins on their own form",
}
_NUMBERS = itertools.count()
TODAY = timezone.localdate()
TRIED = PAYLOADS


class Api:
    def __init__(self, client, user):
        _, raw = core_services.api_token_create(actor=user, name=f"attacker {next(_NUMBERS)}")
        self.client = client
        self.headers = {"Authorization": f"Bearer {raw}"}
        self.fields_tried: set[tuple[str, str, str]] = set()

    def send(self, method: str, path: str, body: dict[str, Any], text: str, **where: Any):
        """Send ``body`` with ``text`` typed into every text field of the operation."""
        fields = [f for f in text_fields(method, path) if f not in NAMES.get((method, path), ())]
        self.fields_tried |= {(method, path, field) for field in fields}
        headers = dict(self.headers)
        if method == "patch":
            headers["If-Match"] = str(where.pop("version"))
        return getattr(self.client, method)(
            path.format(**where),
            with_text(body, fields, text),
            content_type="application/json",
            headers=headers,
        )


def _clean(client, user, path: str, **query: str) -> str:
    client.force_login(user)
    response = client.get(path, query)
    assert response.status_code == 200, (path, response.status_code)
    html = response.content.decode()
    assert executable_parts(html) == [], path
    return html


def _try_goals(api, admin, team, payload: str, keep) -> None:
    goal = api.send(
        "post",
        "/api/goals/",
        {
            "text": "Cut searches with zero results to 2% by 30 June",
            "owner": admin.username,
            "team": team.slug,
            "starts_on": (TODAY - timedelta(days=90)).isoformat(),
            "due_on": TODAY.isoformat(),
            "metric_key": "zero_result_rate",
            "target": 0.02,
            "direction": "at_most",
            "judged_by": "",
        },
        payload,
    )
    assert goal.status_code in {201, 422}, goal.content
    judged = api.send(
        "post",
        "/api/goals/",
        {
            "text": "Make the help pages easier to follow by 30 June",
            "owner": admin.username,
            "team": team.slug,
            "due_on": TODAY.isoformat(),
            "starts_on": (TODAY - timedelta(days=90)).isoformat(),
            "judged_by": "The support lead reads ten tickets about help pages.",
        },
        payload,
    )
    assert judged.status_code in {201, 422}, judged.content
    if judged.status_code == 201:
        keep("judged goal", f"/goals/{judged.json()['id']}/")
    if goal.status_code == 201:
        goal_id = goal.json()["id"]
        keep("goal", f"/goals/{goal_id}/")
        review = api.send(
            "post",
            "/api/goals/{goal_id}/reviews",
            {
                "status": "yellow",
                "note": "We are at 2.4% this week.",
                "plan": "We add synonyms to the search index next week.",
                "jump_explanation": "",
            },
            payload,
            goal_id=goal_id,
        )
        assert review.status_code in {201, 422}, review.content
        closed = api.send(
            "post",
            "/api/goals/{goal_id}/close",
            {"outcome": "met", "note": "Reached 1.9%"},
            payload,
            goal_id=goal_id,
        )
        assert closed.status_code in {200, 422}, closed.content


@pytest.fixture
def people(riverbend):  # noqa: F811
    return {
        "admin": UserFactory(username="mallory", role=Role.ADMIN),
        "leader": riverbend["eleanor.voss"],
    }


def test_script_typed_into_goals_metrics_and_customers_is_shown_as_text(client, people):
    admin, leader = people["admin"], people["leader"]
    team = team_services.team_create(actor=admin, name="Storefront", leader=leader)
    api = Api(client, admin)
    answers = Api(client, leader)
    stored: dict[str, list[str]] = {}

    def keep(kind: str, path: str) -> None:
        stored.setdefault(kind, []).append(path)

    week = END.isoformat()
    for number, payload in enumerate(TRIED):
        _try_goals(api, admin, team, payload, keep)

        key = f"xss_{number}"
        metric = api.send(
            "post",
            "/api/wbr/metrics",
            {
                "key": key,
                "name": f"Metric {number}",
                "definition": "Orders.",
                "owner": "mallory",
                "source": "riverbend_daily",
                "column": "orders",
            },
            payload,
        )
        assert metric.status_code in {201, 422}, metric.content
        if metric.status_code == 201:
            keep("metric", f"/wbr/metrics/{key}/")
            changed = api.send(
                "patch",
                "/api/wbr/metrics/{key}",
                {"definition": "Orders placed.", "note": "Placed, not shipped."},
                payload,
                key=key,
                version=metric.json()["version"],
            )
            assert changed.status_code in {200, 422}, changed.content
        why = api.send(
            "put",
            "/api/wbr/metrics/{key}/commentary/{week}",
            {"text": "Orders fell 3%"},
            payload,
            key="orders",
            week=week,
        )
        assert why.status_code in {200, 201, 422}, why.content

        anecdote = api.send(
            "post",
            "/api/customers/anecdotes",
            {
                "text": f"Nobody picked up the phone, call {number}",
                "channel": "call",
                "date": week,
                "metrics": ["contacts_per_order"],
            },
            payload,
        )
        assert anecdote.status_code in {201, 422}, anecdote.content
        if anecdote.status_code == 201:
            anecdote_id = anecdote.json()["id"]
            keep("anecdote", f"/customers/anecdotes/{anecdote_id}/")
            raised = api.send(
                "post",
                "/api/customers/anecdotes/{anecdote_id}/escalations",
                {"owner": leader.username, "question": "Why did nobody answer?"},
                payload,
                anecdote_id=anecdote_id,
            )
            assert raised.status_code in {201, 422}, raised.content
            if raised.status_code == 201:
                escalation_id = raised.json()["id"]
                keep("escalation", f"/customers/escalations/{escalation_id}/")
                done = api.send(
                    "post",
                    "/api/customers/escalations/{escalation_id}/close",
                    {
                        "root_cause": "Nobody was on the phone rota on Sundays.",
                        "fix": "We added two people to the Sunday rota.",
                        "prevention": "The rota now warns when a day has nobody.",
                    },
                    payload,
                    escalation_id=escalation_id,
                )
                assert done.status_code in {200, 422}, done.content

        idea = api.send(
            "post",
            "/api/customers/ideas",
            {
                "title": f"Call-back button {number}",
                "customer": "People who phone",
                "problem": "They wait on hold",
                "evidence": "Forty calls a week",
                "team": team.slug,
                "leader": leader.username,
            },
            payload,
        )
        assert idea.status_code in {201, 422}, idea.content
        if idea.status_code == 201:
            idea_id = idea.json()["id"]
            keep("idea", f"/customers/ideas/{idea_id}/")
            comment = api.send(
                "post",
                "/api/customers/ideas/{idea_id}/comments",
                {"text": "Me too"},
                payload,
                idea_id=idea_id,
            )
            assert comment.status_code in {200, 201, 422}, comment.content
            ask = idea.json()["asks"][0]["id"]
            answer = answers.send(
                "post",
                "/api/customers/ideas/{idea_id}/answer",
                {
                    "ask": ask,
                    "answer": "no",
                    "reason": "We do not build this before the phone rota is fixed.",
                },
                payload,
                idea_id=idea_id,
            )
            assert answer.status_code in {200, 422}, answer.content

    for kind, paths in stored.items():
        assert len(paths) >= len(TRIED) // 2, f"most attempts are stored as {kind} text"
    for method, path in {(m, p) for m, p, _ in api.fields_tried | answers.fields_tried}:
        assert (method, path) in NAMES or text_fields(method, path), path
    for (method, path), names in NAMES.items():
        assert names <= set(text_fields(method, path)), f"{method} {path}: {names} are stale"

    # What customers said is grouped into themes that dayone names from their words.
    Anecdote.objects.filter(text__icontains="alert(").update(said_on=END)
    themes_regroup(actor=None)
    themes = list(Theme.objects.all())
    assert themes

    held = model_fields_holding_script("goals", "metrics", "customers")
    missed = typed_model_fields("goals", "metrics", "customers") - held - set(NOT_TYPED)
    assert sorted(missed) == [], f"text fields no attempt reached: {sorted(missed)}"

    for path in (path for paths in stored.values() for path in paths):
        _clean(client, admin, path)
    pages = [
        "/",
        "/goals/",
        "/goals/leadership/",
        "/wbr/",
        "/wbr/metrics/orders/",
        "/customers/",
        "/customers/anecdotes/",
        "/customers/escalations/",
        "/customers/ideas/",
        f"/teams/{team.slug}/",
        *(f"/customers/themes/{theme.pk}/" for theme in themes),
    ]
    for path in pages:
        for reader in (admin, leader):
            _clean(client, reader, path)

    deck = _clean(client, leader, reverse("wbr:deck_body"), week=week)
    said = deck[deck.index("What customers told us") :]
    assert "alert(" in said, "the section shows what customers said, as text"
    last_why = f"Orders fell 3% {TRIED[-1]}"
    assert escape(last_why) in deck, "the why is shown as text"
    _clean(client, leader, reverse("wbr:deck"), week=week)
    _clean(client, leader, reverse("wbr:deck_summary"), week=week)

    printed = client.get(reverse("wbr:deck_pdf"), {"week": week})
    assert printed.status_code == 200
    reader = PdfReader(io.BytesIO(printed.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert " ".join(last_why.split()) in " ".join(text.split()), "the PDF shows the why as typed"
    assert "/JavaScript" not in str(reader.trailer["/Root"].get("/Names", ""))
    assert all("/AA" not in page for page in reader.pages), "no page runs an action"
