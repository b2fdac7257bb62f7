from __future__ import annotations

import pytest

from dayone.server.core import services

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "dayone API"
    assert "/api/tokens" in schema["paths"]


def test_bearer_token_authenticates_and_unknown_tokens_are_refused(client, member):
    _, raw = services.api_token_create(actor=member, name="script")
    ok = client.get("/api/", headers={"Authorization": f"Bearer {raw}"})
    assert ok.status_code == 200
    assert ok.json()["you"]["username"] == "max"
    assert client.get("/api/", headers={"Authorization": "Bearer dy_wrong"}).status_code == 401
    assert client.get("/api/").status_code == 401


def test_token_create_over_the_api_returns_it_once(client, member):
    _, raw = services.api_token_create(actor=member, name="script")
    headers = {"Authorization": f"Bearer {raw}"}
    created = client.post(
        "/api/tokens", {"name": "second"}, content_type="application/json", headers=headers
    )
    assert created.status_code == 201
    assert created.json()["token"].startswith("dy_")
    listed = client.get("/api/tokens", headers=headers).json()
    assert {t["name"] for t in listed} == {"script", "second"}
    assert all("token" not in t for t in listed)


def test_validation_error_names_the_field(client, member):
    client.force_login(member)
    client.post("/api/tokens", {"name": "dup"}, content_type="application/json")
    response = client.post("/api/tokens", {"name": "dup"}, content_type="application/json")
    assert response.status_code == 422
    assert "name" in response.json()["detail"]


def test_audit_log_over_the_api_is_for_admins(client, admin, member):
    services.api_token_create(actor=member, name="x")
    client.force_login(member)
    assert client.get("/api/audit").status_code == 403
    client.force_login(admin)
    entries = client.get("/api/audit").json()["items"]
    assert entries[0]["action"] == "api_token.create"
    assert entries[0]["actor_name"] == "max"
