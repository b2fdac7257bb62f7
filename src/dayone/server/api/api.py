"""The JSON API root. Each app adds its router here; the schema is served at /api/openapi.json."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI

from dayone import __version__
from dayone.server.api.auth import API_AUTH
from dayone.server.core.api import router as core_router
from dayone.server.customers.api import router as customers_router
from dayone.server.decisions.api import router as decisions_router
from dayone.server.documents.api import router as documents_router
from dayone.server.goals.api import router as goals_router
from dayone.server.teams.api import router as teams_router
from dayone.server.wbr.api import router as wbr_router
from dayone.server.weblab.api import router as weblab_router

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

api = NinjaAPI(
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


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """403 with the reason, in the same shape as every other API error."""
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 naming each invalid field."""
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)
