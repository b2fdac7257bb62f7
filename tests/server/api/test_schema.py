"""The OpenAPI document: valid, one name per schema, every error declared, docs served offline."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from ninja import Router, Schema
from openapi_spec_validator import validate

from dayone.server.api.api import ERRORS, DayoneAPI, SchemaNameClashError, api

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    validate(response.json())


# Two apps' schemas that happen to share a class name.
NoteReviewIn = type("ReviewIn", (Schema,), {"__annotations__": {"note": str}})
OutcomeReviewIn = type("ReviewIn", (Schema,), {"__annotations__": {"outcome": int}})


def test_two_schemas_with_one_name_are_refused():
    first, second = Router(), Router()

    @first.post("/notes")
    def note(request, payload: NoteReviewIn) -> None: ...

    @second.post("/outcomes")
    def outcome(request, payload: OutcomeReviewIn) -> None: ...

    clashing = DayoneAPI(urls_namespace="clash")
    clashing.add_router("/a", first)
    clashing.add_router("/b", second)
    with pytest.raises(SchemaNameClashError, match="'ReviewIn'"):
        clashing.get_openapi_schema(path_prefix="")


def test_the_apps_schemas_have_unique_names():
    schema = api.get_openapi_schema()  # raises on a clash
    names = schema["components"]["schemas"]
    for ambiguous in ("ReviewIn", "ReviewOut", "MetricIn", "MetricOut", "ResolveIn", "VersionOut"):
        assert ambiguous not in names


def _refuse_duplicates(pairs):
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    return dict(pairs)


def test_the_served_schema_names_each_status_once_and_keeps_an_operations_own(client):
    response = client.get("/api/openapi.json")
    schema = json.loads(response.content, object_pairs_hook=_refuse_duplicates)
    conflict = schema["paths"]["/api/documents/{document_id}/versions"]["post"]["responses"]["409"]
    assert conflict["content"]["application/json"]["schema"]["$ref"].endswith("/ConflictOut")


def test_every_operation_declares_the_errors_it_can_answer():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert set(ERRORS) <= set(operation["responses"]), (method, path)


def test_the_docs_page_loads_only_dayones_own_static_files(admin_client):
    response = admin_client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    # Served as collected: each name may carry the hash of its content before its extension.
    names = [re.sub(r"\.[0-9a-f]{12}(?=\.\w+$)", "", source) for source in sources]
    for source, name in zip(sources, names, strict=True):
        assert source.startswith("/static/")
        assert finders.find(name.removeprefix("/static/")), source
    assert "/static/ninja/swagger-ui-bundle.js" in names
    assert (
        json.loads(
            re.search(r'id="swagger-settings">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
        )["url"]
        == "/api/openapi.json"
    )
