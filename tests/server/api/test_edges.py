"""The API's edges: refused tokens, paging, oversized bodies, typed exposure events."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from dayone.server.core import services
from dayone.server.core.pagination import MAX_LIMIT
from dayone.server.goals import services as goal_services
from dayone.server.teams import services as team_services
from tests.server.weblab.conftest import make_experiment

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/audit",
    "/api/customers/anecdotes",
    "/api/decisions",
    "/api/decisions/notifications",
    "/api/documents/",
    "/api/goals/",
    "/api/weblab/experiments",
    "/api/weblab/learnings",
]


@pytest.fixture
def as_admin(admin):
    _, raw = services.api_token_create(actor=admin, name="script")
    return {"Authorization": f"Bearer {raw}"}


def test_a_wrong_or_revoked_token_is_a_json_401_even_on_writes(client, member):
    token, raw = services.api_token_create(actor=member, name="script")
    services.api_token_revoke(actor=member, token=token)
    for value in ("Bearer dy_wrong", f"Bearer {raw}"):
        response = client.post(
            "/api/tokens",
            {"name": "again"},
            content_type="application/json",
            headers={"Authorization": value},
        )
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert "token" in response.json()["detail"]
        assert "CSRF" not in response.content.decode()


def test_a_wrong_token_with_a_body_that_cannot_be_parsed_is_a_json_401(client):
    response = client.generic(
        "POST",
        "/api/tokens",
        b"name=again",
        content_type="multipart/form-data",  # no boundary
        headers={"Authorization": "Bearer dy_wrong"},
    )
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "token" in response.json()["detail"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("offset=-1", "offset"),
        ("offset=10000000000000000000", "offset"),
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        (f"limit={10**9}", "limit"),
        ("limit=abc", "limit"),
    ],
)
def test_every_list_refuses_a_page_out_of_range_naming_the_parameter(
    client, as_admin, url, query, field
):
    response = client.get(f"{url}?{query}", headers=as_admin)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", field]]


@pytest.mark.parametrize("url", LISTS)
def test_every_list_answers_one_page_with_the_total(client, as_admin, url):
    response = client.get(f"{url}?limit={MAX_LIMIT}&offset=0", headers=as_admin)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "total", "limit", "offset"}
    assert (body["limit"], body["offset"]) == (MAX_LIMIT, 0)


def test_a_page_is_a_slice_and_the_total_counts_them_all(client, admin, as_admin):
    team = team_services.team_create(actor=admin, name="Search", leader=admin)
    for number in range(5):
        goal_services.goal_create(
            actor=admin,
            text=f"Ship feature {number} to every shop by the due date",
            owner=admin,
            team=team,
            due_on=timezone.localdate() + timedelta(days=30),
            judged_by="Met when every shop runs the feature; a launch review confirms it.",
        )
    first = client.get("/api/goals/?limit=2", headers=as_admin).json()
    last = client.get("/api/goals/?limit=2&offset=4", headers=as_admin).json()
    beyond = client.get("/api/goals/?offset=50", headers=as_admin).json()
    assert (len(first["items"]), first["total"]) == (2, 5)
    assert (len(last["items"]), last["total"]) == (1, 5)
    assert (beyond["items"], beyond["total"]) == ([], 5)
    ids = {g["id"] for g in first["items"]} | {g["id"] for g in last["items"]}
    assert len(ids) == 3


def test_a_body_over_the_limit_is_a_json_413_naming_the_limit(client, as_admin):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(
        "/api/tokens",
        '{"name": "' + "x" * limit + '"}',
        content_type="application/json",
        headers=as_admin,
    )
    assert response.status_code == 413
    assert f"{limit:,} bytes" in response.json()["detail"]


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"event_id": 5}, "event_id"),
        ({"variant": -1}, "variant"),
        ({"variant": "first"}, "variant"),
        ({"exposed_at": "2026-01-01T10:00:00"}, "exposed_at"),
        ({"exposed_at": "yesterday"}, "exposed_at"),
        ({"unit_id": ""}, "unit_id"),
        ({"colour": "red"}, "colour"),
        ({"variant": True}, "variant"),
        ({"unit_id": None}, "unit_id"),
    ],
)
def test_a_bad_exposure_event_is_a_422_naming_the_event_and_field(client, as_admin, event, field):
    good = {
        "event_id": "e1",
        "experiment": "checkout-button",
        "unit_id": "u1",
        "variant": 0,
        "exposed_at": "2026-01-01T10:00:00+00:00",
    }
    response = client.post(
        "/api/weblab/exposures",
        {"events": [good, {**good, **event}]},
        content_type="application/json",
        headers=as_admin,
    )
    assert response.status_code == 422
    locations = [error["loc"] for error in response.json()["detail"]]
    assert ["body", "payload", "events", 1, field] in locations


@pytest.mark.parametrize("event", ["text", 7, None, ["e1"]])
def test_an_exposure_event_that_is_not_an_object_is_a_422_naming_it(client, as_admin, event):
    response = client.post(
        "/api/weblab/exposures",
        {"events": [event]},
        content_type="application/json",
        headers=as_admin,
    )
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "payload", "events", 0]]


@pytest.mark.parametrize("body", ['"a name"', "7", "null", "[]", "true"])
def test_a_body_that_is_not_an_object_is_a_422(client, as_admin, catalogue, body):
    response = client.patch(
        "/api/wbr/metrics/orders", body, content_type="application/json", headers=as_admin
    )
    assert response.status_code == 422
    assert response.json()["detail"]


def test_the_portfolio_names_each_week_and_its_starts(client, as_admin):
    response = client.get("/api/weblab/portfolio", headers=as_admin)
    assert response.status_code == 200
    weeks = response.json()["weeks"]
    assert len(weeks) == 52
    assert set(weeks[0]) == {"week", "started"}
    assert date.fromisoformat(weeks[0]["week"]).weekday() == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("baseline=0.1&units_per_week=0&weeks=4", "units_per_week"),
        ("baseline=0.1&units_per_week=1000&weeks=0", "weeks"),
        ("baseline=0.1&units_per_week=1000&weeks=4&variants=1", "variants"),
        ("baseline=0&units_per_week=1000&weeks=4", "baseline"),
        ("baseline=10&units_per_week=1000&weeks=4&std_dev=1e200", "std_dev"),
        ("baseline=0.1&units_per_week=1000&weeks=4&lift=1e-300", "lift"),
        ("baseline=0.1&units_per_week=1000&weeks=4&lift=1e300", "lift"),
    ],
)
def test_the_power_calculator_refuses_numbers_it_cannot_compute_with(
    client, as_admin, query, field
):
    response = client.get(f"/api/weblab/power?{query}", headers=as_admin)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", field]]


def test_the_power_calculator_answers_within_its_range(client, as_admin):
    response = client.get(
        "/api/weblab/power?baseline=0.1&units_per_week=1000&weeks=4&lift=10", headers=as_admin
    )
    assert response.status_code == 200
    assert response.json()["units_needed"] >= 1


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("lift", ["1e-300", "1e300", "0"])
def test_a_plan_suggestion_refuses_a_lift_out_of_range(client, admin, as_admin, settings, lift):
    settings.DAYONE_WAREHOUSE_DIR = settings.DAYONE_HOME / "warehouse-plan"
    make_experiment(admin)
    response = client.get(
        f"/api/weblab/experiments/checkout-button/plan?lift={lift}", headers=as_admin
    )
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", "lift"]]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/wbr/commentary?week=0", "week"),
        ("/api/wbr/deck?week=20261128", "week"),
        ("/api/customers/themes?last=0", "last"),
        ("/api/customers/ideas/stats?last=0", "last"),
    ],
)
def test_a_date_that_is_not_yyyy_mm_dd_is_a_422(client, as_admin, url, field):
    response = client.get(url, headers=as_admin)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", field]]


def test_a_number_is_not_a_yes_or_no(client, admin, as_admin):
    team = team_services.team_create(actor=admin, name="Search", leader=admin)
    response = client.patch(
        f"/api/org/teams/{team.slug}",
        {"is_leadership": 0, "version": team.version},
        content_type="application/json",
        headers=as_admin,
    )
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == ["is_leadership"]


@pytest.mark.parametrize(
    ("url", "body", "where"),
    [
        ("/api/decisions/notifications/read", [None, None], ["body", "payload"]),
        (
            "/api/documents/lint",
            {"kind": "prfaq", "title": "", "body": "", "parts": [None, None]},
            ["body", "payload", "parts"],
        ),
    ],
)
def test_a_list_where_an_object_belongs_is_a_422(client, as_admin, url, body, where):
    response = client.post(url, body, content_type="application/json", headers=as_admin)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [where]


@pytest.mark.parametrize(
    ("url", "body", "where"),
    [
        ("/api/decisions/notifications/read", {"ids": [False]}, ["body", "payload", "ids", 0]),
        ("/api/decisions/notifications/read", {"ids": ["7"]}, ["body", "payload", "ids", 0]),
        ("/api/goals/lint", {"text": "Ship it", "target": False}, ["body", "payload", "target"]),
        ("/api/goals/lint", {"text": "Ship it", "target": "1.5"}, ["body", "payload", "target"]),
        ("/api/goals/lint", {"text": "Ship it", "starts_on": 0}, ["body", "payload", "starts_on"]),
        ("/api/goals/lint", {"text": "Ship it", "due_on": 0}, ["body", "payload", "due_on"]),
        (
            "/api/documents/lint",
            {"kind": "prfaq", "parts": {"external": [[None, None]]}},
            ["body", "payload", "parts", "external", 0],
        ),
    ],
)
def test_a_value_of_another_type_is_a_422_not_read_as_one(client, as_admin, url, body, where):
    response = client.post(url, body, content_type="application/json", headers=as_admin)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [where]
