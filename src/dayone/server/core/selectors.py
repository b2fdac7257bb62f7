"""Every read in core. Permission checks live here, not in templates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from dayone.server.core.access import ensure_admin, ensure_can_read
from dayone.server.core.enums import Role
from dayone.server.core.models import ApiToken, AuditEntry, Organization, User
from dayone.server.core.services import TOKEN_PREFIX, token_digest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

DEFAULT_ORGANIZATION_NAME = "Your company"


def organization_name() -> str:
    """The company's name, or a neutral placeholder before one is set."""
    organization = Organization.objects.order_by("pk").only("name").first()
    return organization.name if organization else DEFAULT_ORGANIZATION_NAME


def first_admin() -> User | None:
    """An active admin, for work a server does on nobody's behalf that reads what everyone may
    read (warming up pages before the first visitor)."""
    return User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()


def user_list(*, viewer: User | AnonymousUser) -> QuerySet[User]:
    """Everyone, for anyone signed in: the people directory is open inside the company."""
    ensure_can_read(viewer)
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def user_get_by_username(*, viewer: User | AnonymousUser, username: str, field: str) -> User:
    """The active person who signs in as ``username``; a ``ValidationError`` on ``field``
    when there is none, for interfaces that name people by username."""
    person = user_list(viewer=viewer).filter(username=username).first()
    if person is None:
        raise ValidationError({field: f"No one signs in as '{username}'."})
    return person


def user_named(*, viewer: User | AnonymousUser, username: str | None, field: str) -> User | None:
    """The person an interface names by ``username``, ``None`` when it names no one; a
    ``ValidationError`` on ``field`` when no one signs in so."""
    if not username:
        return None
    return user_get_by_username(viewer=viewer, username=username, field=field)


def api_token_list(*, viewer: User) -> QuerySet[ApiToken]:
    """The viewer's own tokens, newest first."""
    ensure_can_read(viewer)
    return ApiToken.objects.filter(user=viewer).order_by("-created_at")


def api_token_get_for_user(*, viewer: User, token_id: int) -> ApiToken:
    """One of the viewer's own tokens (admins may fetch anyone's)."""
    ensure_can_read(viewer)
    tokens = ApiToken.objects.select_related("user")
    if not viewer.is_admin:
        tokens = tokens.filter(user=viewer)
    return tokens.get(pk=token_id)


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token matching ``raw``, with its user, or ``None``."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def audit_list(
    *, viewer: User | AnonymousUser, target_type: str | None = None, target_id: str | None = None
) -> QuerySet[AuditEntry]:
    """The audit log, newest first. Admins only."""
    ensure_admin(viewer)
    entries = AuditEntry.objects.select_related("actor")
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    return entries.order_by("-at", "-id")


def login_lockout_list(*, viewer: User | AnonymousUser) -> list[AccessAttempt]:
    """Accounts and addresses whose sign-in is paused now, for admins."""
    ensure_admin(viewer)
    limit = int(settings.AXES_FAILURE_LIMIT)
    return list(
        AccessAttempt.objects.filter(failures_since_start__gte=limit).order_by("-attempt_time")
    )
