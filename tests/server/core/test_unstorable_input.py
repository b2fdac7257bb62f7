"""Bad input never gets a 500: every field of every JSON body the API takes refuses what no
database can store (a lone surrogate or a NUL in text, an integer beyond 64 bits, NaN or
Infinity) with a 422 naming that field; ids of 2^63 in paths are a 404."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from dayone.server.api.api import api
from dayone.server.core import services

pytestmark = pytest.mark.django_db

BAD_TEXT = {"lone surrogate": '"a\\ud800"', "NUL": '"a\\u0000b"'}
BAD_NUMBERS = {
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
    "1e400": "1e400",
    "2^63": str(2**63),
    "-2^63-1": str(-(2**63) - 1),
}


def _schema() -> dict[str, Any]:
    return api.get_openapi_schema(path_prefix="/api/")


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _types(schema: dict[str, Any], node: dict[str, Any]) -> set[str]:
    node = _resolve(schema, node)
    found = {node["type"]} if "type" in node else set()
    for option in node.get("anyOf", []):
        found |= _types(schema, option)
    if "items" in node:
        found |= {f"list of {kind}" for kind in _types(schema, node["items"])}
    return found


def _fields() -> list[tuple[str, str, str, set[str]]]:
    """(method, path, field, types) of every field of every JSON request body."""
    schema = _schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            body = _resolve(schema, content["application/json"]["schema"])
            for name, node in body.get("properties", {}).items():
                found.append((method, path, name, _types(schema, node)))
    return found


FIELDS = _fields()
TEXT_CASES = [
    pytest.param(method, path, name, literal, id=f"{method} {path} {name} {label}")
    for method, path, name, types in FIELDS
    if "string" in types
    for label, literal in BAD_TEXT.items()
]
NUMBER_CASES = [
    pytest.param(method, path, name, literal, id=f"{method} {path} {name} {label}")
    for method, path, name, types in FIELDS
    if types & {"number", "integer"}
    for label, literal in BAD_NUMBERS.items()
]
ID_LIST_CASES = [
    pytest.param(method, path, name, id=f"{method} {path} {name}")
    for method, path, name, types in FIELDS
    if "list of integer" in types
]


@pytest.fixture
def call(client, admin):
    client.raise_request_exception = False
    _, raw = services.api_token_create(actor=admin, name="careless client")
    headers = {"Authorization": f"Bearer {raw}"}

    def send(method: str, path: str, body: str):
        url = re.sub(r"\{[^}]+\}", "1", path)
        return getattr(client, method)(url, body, content_type="application/json", headers=headers)

    return send


def _locations(response) -> list[list[object]]:
    assert response.status_code == 422, (response.status_code, response.content[:300])
    return [error["loc"] for error in response.json()["detail"]]


def test_the_cases_cover_the_api():
    assert len({(m, p) for m, p, _, _ in FIELDS}) >= 40
    assert len(TEXT_CASES) >= 200
    assert len(NUMBER_CASES) >= 30
    assert any("stakeholder_ids" in case.id for case in ID_LIST_CASES)


@pytest.mark.parametrize(("method", "path", "field", "literal"), TEXT_CASES)
def test_text_no_database_stores_is_a_422_naming_the_field(call, method, path, field, literal):
    response = call(method, path, f'{{"{field}": {literal}}}')
    assert _locations(response) == [["body", field]]


@pytest.mark.parametrize(("method", "path", "field", "literal"), NUMBER_CASES)
def test_a_number_no_database_stores_is_a_422_naming_the_field(call, method, path, field, literal):
    response = call(method, path, f'{{"{field}": {literal}}}')
    assert _locations(response) == [["body", field]]


@pytest.mark.parametrize(("method", "path", "field"), ID_LIST_CASES)
def test_an_id_of_2_to_the_63_in_a_list_is_a_422_naming_it(call, method, path, field):
    response = call(method, path, json.dumps({field: [1, 2**63]}))
    assert _locations(response) == [["body", field, 1]]


def test_every_bad_value_of_a_body_is_named_nested_ones_too(call):
    body = '{"question": "ok", "options": [{"label": "x\\ud800"}, {"label": "\\u0000"}], "n": NaN}'
    response = call("post", "/api/decisions", body)
    assert _locations(response) == [
        ["body", "options", 0, "label"],
        ["body", "options", 1, "label"],
        ["body", "n"],
    ]
    assert "surrogate" in response.json()["detail"][0]["msg"]


def test_good_text_and_numbers_pass_through(call, admin):
    body = json.dumps({"name": "Ünïcödé team 🚀", "mission": "Serve every reader by 2027."})
    assert call("post", "/api/org/teams", body).status_code == 201
    assert call("post", "/api/org/teams", "{not json").status_code == 400
