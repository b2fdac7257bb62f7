"""The JSON API root. Each app adds its router here; the schema is served at /api/openapi.json."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from typing_extensions import override

from dayone import __version__
from dayone.server.api.auth import API_AUTH
from dayone.server.core.api import router as core_router
from dayone.server.core.versions import EditConflictError
from dayone.server.customers.api import router as customers_router
from dayone.server.decisions.api import router as decisions_router
from dayone.server.documents.api import router as documents_router
from dayone.server.goals.api import router as goals_router
from dayone.server.hiring.api import router as hiring_router
from dayone.server.teams.api import router as teams_router
from dayone.server.wbr.api import router as wbr_router
from dayone.server.weblab.api import router as weblab_router

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

ERROR_SCHEMA = {
    "title": "ErrorOut",
    "type": "object",
    "properties": {
        "detail": {
            "description": "What is wrong: a sentence, or the messages per field.",
            "anyOf": [
                {"type": "string"},
                {"type": "object", "additionalProperties": True},
                {"type": "array", "items": {"type": "object", "additionalProperties": True}},
            ],
        },
        "version": {
            "type": "integer",
            "description": "On 409 after an edit: the current version, to edit from.",
        },
    },
    "required": ["detail"],
}
ERRORS = {
    "400": "The request body is not JSON",
    "401": "Not signed in, or the bearer token is unknown or revoked",
    "403": "Signed in, but not allowed to do this",
    "404": "No such object, or not one you may see",
    "409": "The object changed or is in a state that does not allow this",
    "413": "The request body is larger than the limit",
    "422": "The input is invalid; the detail names each field",
    "429": "Too many unknown tokens from this address: wait, then try again",
}


class SchemaNameClashError(Exception):
    """Two different schemas of the API would share one component name."""


class UniqueNamesSchema(OpenAPISchema):
    """The OpenAPI document, refusing two different schemas under one component name.

    django-ninja keys components by class name and silently keeps the last one, so two apps'
    ``ReviewIn`` would describe one operation's body with the other's fields.
    """

    @override
    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                message = f"Two different schemas are both named {name!r}; rename one."
                raise SchemaNameClashError(message)
        super().add_schema_definitions(definitions)


class DayoneAPI(NinjaAPI):
    """The API, with unique component names and every error an operation can answer declared."""

    @override
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = UniqueNamesSchema(self, path_prefix)
        schema["components"].setdefault("schemas", {})["ErrorOut"] = ERROR_SCHEMA
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path in schema["paths"].values():
            for operation in path.values():
                # Status codes as JSON has them: django-ninja keys its own by number, so a 409
                # an operation declares and the common "409" would be two keys of one name.
                responses = {
                    str(code): answer for code, answer in operation.get("responses", {}).items()
                }
                for status, description in ERRORS.items():
                    responses.setdefault(status, {"description": description, "content": error})
                operation["responses"] = responses
        return schema


api = DayoneAPI(
    title="dayone API",
    version=__version__,
    description=(
        "Read and write everything the dayone web app shows. Authenticate with "
        "`Authorization: Bearer <token>`; create a token on your account page."
    ),
    auth=API_AUTH,
    urls_namespace="api",
)
api.add_router("/", core_router)
api.add_router("/org", teams_router)
api.add_router("/goals", goals_router)
api.add_router("/wbr", wbr_router)
api.add_router("/", decisions_router)
api.add_router("/documents", documents_router)
api.add_router("/weblab", weblab_router)
api.add_router("/customers", customers_router)
api.add_router("/hiring", hiring_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """403 with the reason, in the same shape as every other API error."""
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 naming each invalid field."""
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(EditConflictError)
def edit_conflict(request: HttpRequest, exc: EditConflictError) -> HttpResponse:
    """409 with the current version: someone saved after the version this edit was made from."""
    body = {"detail": str(exc), "version": exc.current}
    return api.create_response(request, body, status=409)


@api.exception_handler(RequestDataTooBig)
def body_too_big(request: HttpRequest, _exc: RequestDataTooBig) -> HttpResponse:
    """413 naming the limit, instead of Django's blank 400."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    message = f"The request body is larger than the limit of {limit:,} bytes."
    return api.create_response(request, {"detail": message}, status=413)
