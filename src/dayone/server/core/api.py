"""API endpoints of core: who am I, people, tokens, audit log."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ninja import Query, Router, Schema
from ninja.responses import Status

from dayone import __version__
from dayone.server.core import selectors, services
from dayone.server.core.pagination import Page, PageIn, page_of
from dayone.server.core.utils import current_user

if TYPE_CHECKING:
    from django.http import HttpRequest

router = Router(tags=["core"])


class PersonOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    title: str
    role: str

    @staticmethod
    def resolve_full_name(obj: Any) -> str:
        return str(obj.get_full_name())


class RootOut(Schema):
    name: str
    version: str
    organization: str
    you: PersonOut


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class AuditOut(Schema):
    id: int
    at: datetime
    actor_name: str
    action: str
    target_type: str
    target_id: str
    target_repr: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@router.get("/", response=RootOut, summary="What this server is, and who you are")
def api_root(request: HttpRequest) -> dict[str, Any]:
    return {
        "name": "dayone",
        "version": __version__,
        "organization": selectors.organization_name(),
        "you": request.user,
    }


@router.get("/people", response=list[PersonOut], summary="Everyone who can sign in")
def people_list(request: HttpRequest) -> Any:
    return selectors.user_list(viewer=request.user)


@router.get("/tokens", response=list[TokenOut], summary="Your API tokens")
def token_list(request: HttpRequest) -> Any:
    return selectors.api_token_list(viewer=current_user(request))


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Create an API token (shown once)")
def token_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    token, raw = services.api_token_create(actor=current_user(request), name=payload.name)
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "token": raw})


@router.get("/audit", response=Page[AuditOut], summary="The audit log, newest first (admins)")
def audit_list(
    request: HttpRequest, page: Query[PageIn], target_type: str | None = None
) -> dict[str, Any]:
    return page_of(selectors.audit_list(viewer=request.user, target_type=target_type), page)
