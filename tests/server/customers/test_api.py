"""The customers API and the intake webhook."""

from __future__ import annotations

import pytest

from dayone.server.core import services as core_services
from dayone.server.customers.models import Anecdote

pytestmark = pytest.mark.django_db


def _item(**overrides):
    return {
        "external_id": "Z-1",
        "date": "2026-03-02",
        "channel": "support",
        "text": "x",
        **overrides,
    }


def test_the_webhook_needs_a_token_and_names_the_bad_field(client, member, metric):
    url = "/api/customers/intake"
    refused = client.post(
        url,
        {"anecdotes": [_item()]},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer dy_not-a-token",
    )
    assert refused.status_code == 401
    _, raw = core_services.api_token_create(actor=member, name="helpdesk")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    bad = client.post(
        url,
        {"anecdotes": [_item(), _item(external_id="Z-2", channel="fax")]},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422
    assert bad.json()["detail"] == {
        "anecdotes.1.channel": [bad.json()["detail"]["anecdotes.1.channel"][0]]
    }
    assert "unknown channel 'fax'" in bad.json()["detail"]["anecdotes.1.channel"][0]
    malformed = client.post(
        url, {"anecdotes": [{"text": 3}]}, content_type="application/json", **auth
    )
    assert malformed.status_code == 422
    assert Anecdote.objects.count() == 0

    good = client.post(
        url,
        {
            "anecdotes": [
                _item(metrics=["contacts_per_order"]),
                _item(),
                _item(external_id="Z-3", text="<b>on hold</b>"),
            ]
        },
        content_type="application/json",
        **auth,
    )
    assert good.status_code == 200
    assert good.json() == {"received": 3, "created": 2}
    listed = client.get("/api/customers/anecdotes", **auth).json()["items"]
    assert {a["external_id"] for a in listed} == {"Z-1", "Z-3"}
    by_id = {a["external_id"]: a for a in listed}
    assert by_id["Z-1"]["metrics"] == ["contacts_per_order"]
    assert by_id["Z-3"]["text"] == "<b>on hold</b>"


def test_capture_and_themes_through_the_api(member_client, viewer, client):
    created = member_client.post(
        "/api/customers/anecdotes",
        {"date": "2026-03-02", "channel": "call", "text": "The line just rings out."},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["channel"] == "call"
    themes = member_client.get("/api/customers/themes")
    assert themes.status_code == 200
    client.force_login(viewer)
    refused = client.post(
        "/api/customers/anecdotes",
        {"date": "2026-03-02", "channel": "call", "text": "again"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert client.get(f"/api/customers/anecdotes/{created.json()['id']}").status_code == 200


def test_the_schema_lists_the_customer_endpoints(member_client):
    paths = member_client.get("/api/openapi.json").json()["paths"]
    assert {"/api/customers/intake", "/api/customers/anecdotes", "/api/customers/themes"} <= set(
        paths
    )
