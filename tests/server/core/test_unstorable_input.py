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
NAN_TEXT_CASES = [
    pytest.param(method, path, name, text, id=f"{method} {path} {name} {text}")
    for method, path, name, types in FIELDS
    if types & {"number", "list of number"}
    for text in ("NaN", "Infinity", "-inf")
]


def _query_parameters() -> list[tuple[str, str, str, set[str]]]:
    schema = _schema()
    return [
        (method, path, parameter["name"], _types(schema, parameter.get("schema", {})))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    ]


QUERY_CASES = [
    pytest.param(method, path, name, value, id=f"{method} {path} ?{name}={value}")
    for method, path, name, types in _query_parameters()
    for value in (
        [str(2**63), str(-(2**63) - 1), "1" + "0" * 30] * ("integer" in types)
        + ["nan", "inf", "1e400"] * ("number" in types)
    )
]


def _paged_lists() -> list[str]:
    """Every GET route that answers one page of a list (``items`` and ``total``)."""
    schema = _schema()
    found = []
    for path, operations in schema["paths"].items():
        answer = operations.get("get", {}).get("responses", {}).get("200", {})
        body = answer.get("content", {}).get("application/json", {}).get("schema")
        if body and {"items", "total"} <= set(_resolve(schema, body).get("properties", {})):
            found.append(path)
    return found


PAGED = _paged_lists()
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


@pytest.fixture
def signed_in(client, admin):
    client.raise_request_exception = False
    client.force_login(admin)
    return client


def _locations(response) -> list[list[object]]:
    assert response.status_code == 422, (response.status_code, response.content[:300])
    return [error["loc"] for error in response.json()["detail"]]


def test_the_cases_cover_the_api():
    assert len({(m, p) for m, p, _, _ in FIELDS}) >= 40
    assert len(TEXT_CASES) >= 200
    assert len(NUMBER_CASES) >= 30
    assert any("stakeholder_ids" in case.id for case in ID_LIST_CASES)
    assert {"/api/hiring/candidates", "/api/customers/escalations", "/api/goals/"} <= set(PAGED)
    assert any("person_id" in case.id for case in QUERY_CASES)
    assert any("coverage" in case.id for case in NAN_TEXT_CASES)


@pytest.mark.parametrize(("method", "path", "field", "literal"), TEXT_CASES)
def test_text_no_database_stores_is_a_422_naming_the_field(call, method, path, field, literal):
    response = call(method, path, f'{{"{field}": {literal}}}')
    assert _locations(response) == [["body", field]]


@pytest.mark.parametrize(("method", "path", "field", "literal"), NUMBER_CASES)
def test_a_number_no_database_stores_is_a_422_naming_the_field(call, method, path, field, literal):
    response = call(method, path, f'{{"{field}": {literal}}}')
    assert _locations(response) == [["body", field]]


@pytest.mark.parametrize(("method", "path", "field", "text"), NAN_TEXT_CASES)
def test_nan_or_infinity_written_as_text_is_a_422_naming_the_field(call, method, path, field, text):
    value = [text] if "weights" in field else text
    response = call(method, path, json.dumps({field: value}))
    assert any(field in location for location in _locations(response)), response.json()


@pytest.mark.parametrize(("method", "path", "parameter", "value"), QUERY_CASES)
def test_a_query_number_no_database_stores_is_a_422_naming_it(
    signed_in, method, path, parameter, value
):
    client = signed_in
    url = re.sub(r"\{[^}]+\}", "1", path)
    response = getattr(client, method)(f"{url}?{parameter}={value}")
    assert ["query", parameter] in _locations(response)


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize(
    "query", ["offset=-1", f"offset={10**19}", "limit=0", "limit=-1", f"limit={10**9}"]
)
def test_every_list_refuses_a_page_out_of_range_naming_it(signed_in, path, query):
    response = signed_in.get(f"{re.sub(r'{[^}]+}', '1', path)}?{query}")
    assert _locations(response) == [["query", query.split("=")[0]]]


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
