"""Every write in core: people, the organisation, API tokens, and the audit log itself."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from dayone.server.core.access import ensure_admin, ensure_can_read
from dayone.server.core.duties import writing_duties
from dayone.server.core.enums import Role
from dayone.server.core.models import ApiToken, AuditEntry, Organization, User

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

M = TypeVar("M", bound=models.Model)
logger = logging.getLogger(__name__)

TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
TOKEN_PREFIX = "dy_"  # noqa: S105 - a public marker, not a secret
USERNAME_TAKEN = "A person with this username already exists."
TOKEN_NAME_TAKEN = "You already have an active token with this name."  # noqa: S105


def _jsonable(value: Any) -> Any:
    """A value as it will be stored in the audit log's JSON (models as their primary key)."""
    if isinstance(value, models.Model):
        return value.pk
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def model_snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``instance`` as JSON-ready values (foreign keys as ids)."""
    snapshot: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        snapshot[name] = _jsonable(getattr(instance, attname))
    return snapshot


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record one write: who did what to ``target``, with the values before and after."""
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.username if actor is not None else "system",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        before=before,
        after=after,
    )


def model_update(
    *, instance: M, fields: Iterable[str], data: dict[str, Any], actor: User | None
) -> tuple[M, bool]:
    """Change only the whitelisted ``fields`` present in ``data``; validate, save, audit.

    Returns the instance and whether anything changed. Nothing is saved when nothing changed.
    """
    allowed = [name for name in fields if name in data]
    before = model_snapshot(instance, allowed)
    changed = [name for name in allowed if before[name] != _jsonable(data[name])]
    if not changed:
        return instance, False
    for name in changed:
        setattr(instance, name, data[name])
    instance.full_clean()
    instance.save(update_fields=changed)
    audit_record(
        actor=actor,
        action=f"{instance._meta.model_name}.update",
        target=instance,
        before={name: before[name] for name in changed},
        after=model_snapshot(instance, changed),
    )
    return instance, True


def audited_save(
    *,
    actor: User | None,
    instance: M,
    action: str,
    changes: dict[str, Any],
    before: dict[str, Any] | None = None,
    target: models.Model | None = None,
    note: dict[str, Any] | None = None,
    also_save: Iterable[str] = (),
) -> M:
    """The audited save: note the changed fields, set ``changes``, validate, save only those
    fields (and ``also_save``, such as an ``auto_now`` stamp) and record the values before and after.

    ``before`` replaces the snapshot when the entry should say less (the status a transition
    leaves); ``target`` files the entry under another row (an escalation under its decision);
    ``note`` adds values kept only in the log (a reason).
    """
    fields = list(changes)
    if before is None:
        before = model_snapshot(instance, fields)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save(update_fields=[*fields, *also_save])
    audit_record(
        actor=actor,
        action=action,
        target=instance if target is None else target,
        before=before,
        after={**model_snapshot(instance, fields), **(note or {})},
    )
    return instance


VIEWER_HAS_DUTIES = "{person} cannot become a viewer yet: a viewer only reads. Hand over first:"
USER_FIELDS = ("username", "email", "first_name", "last_name", "title", "role", "is_active")


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    role: str = Role.MEMBER,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    title: str = "",
    check_password: bool = True,
) -> User:
    """Create a person who can sign in. ``actor`` is ``None`` only for the command line.

    With ``password=None`` the person cannot sign in until a password is set for them.
    """
    if actor is not None:
        ensure_admin(actor)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN})
    user = User(
        username=username,
        email=email.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        title=title.strip(),
        role=role,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password is None:
        user.set_unusable_password()
    else:
        if check_password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor, action="user.create", target=user, after=model_snapshot(user, USER_FIELDS)
    )
    return user


@transaction.atomic
def user_set_role(*, actor: User, user: User, role: str) -> User:
    """Give ``user`` another role. Admins only; an admin cannot demote the last admin, and
    nobody becomes a viewer while counted on to act (``core.duties``): they hand over first."""
    ensure_admin(actor)
    if role == Role.VIEWER and user.can_write:
        duties = writing_duties(user)
        if duties:
            raise ValidationError({"role": [VIEWER_HAS_DUTIES.format(person=user), *duties]})
    if (
        user.role == Role.ADMIN
        and role != Role.ADMIN
        and not User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk).exists()
    ):
        raise ValidationError(
            {"role": "dayone needs at least one admin; make someone else admin first."}
        )
    user, _ = model_update(
        instance=user,
        fields=("role", "is_staff", "is_superuser"),
        data={"role": role, "is_staff": role == Role.ADMIN, "is_superuser": role == Role.ADMIN},
        actor=actor,
    )
    return user


@transaction.atomic
def organization_set(
    *, actor: User | None, name: str, description: str = "", is_demo: bool = False
) -> Organization:
    """Name the company. Creates the one organisation row on first use."""
    if actor is not None:
        ensure_admin(actor)
    organization = Organization.objects.order_by("pk").first()
    if organization is None:
        organization = Organization(
            name=name.strip(), description=description.strip(), is_demo=is_demo
        )
        organization.full_clean()
        organization.save()
        audit_record(
            actor=actor,
            action="organization.create",
            target=organization,
            after=model_snapshot(organization, ("name", "description")),
        )
        return organization
    organization, _ = model_update(
        instance=organization,
        fields=("name", "description"),
        data={"name": name.strip(), "description": description.strip()},
        actor=actor,
    )
    return organization


def token_digest(raw: str) -> str:
    """The stored form of a token: its SHA-256 hex digest."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create an API token for ``actor``. The raw token is returned once and never stored."""
    ensure_can_read(actor)
    name = name.strip()
    if not name:
        raise ValidationError(
            {"name": "Give the token a name, such as the service that will use it."}
        )
    if ApiToken.objects.filter(user=actor, name=name, revoked_at__isnull=True).exists():
        raise ValidationError({"name": TOKEN_NAME_TAKEN})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=actor, name=name, prefix=raw[:10], digest=token_digest(raw))
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="api_token.create",
        target=token,
        after={"name": name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token. People revoke their own; admins revoke anyone's."""
    if token.user_id != actor.pk:
        ensure_admin(actor)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            target=token,
            before={"revoked_at": None},
            after=model_snapshot(token, ("revoked_at",)),
        )
    return token


def login_lockout_lift(*, actor: User, attempt_id: int) -> None:
    """An admin lets an account or an address sign in again before its pause ends."""
    ensure_admin(actor)
    attempt = AccessAttempt.objects.filter(pk=attempt_id).first()
    if attempt is None:
        raise ValidationError({"attempt": "This sign-in pause has already ended."})
    before = model_snapshot(attempt, ("username", "ip_address", "failures_since_start"))
    with transaction.atomic():
        audit_record(actor=actor, action="login.unlock", target=attempt, before=before)
        attempt.delete()


def api_token_touch(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (not audited: it is a read).

    The note is a courtesy: it never waits for another writer's lock and never fails the
    request that carries the token.
    """
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_TOUCH_INTERVAL:
        return
    try:
        with _without_waiting_for_locks():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    except DatabaseError as exc:
        logger.info("did not note the last use of API token %s: %s", token.pk, exc)


@contextmanager
def _without_waiting_for_locks() -> Iterator[None]:
    """A transaction that gives up at once (SQLite) or quickly (PostgreSQL) on a held lock."""
    connection = transaction.get_connection()
    if connection.vendor != "sqlite":
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL lock_timeout = '200ms'")
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (waited,) = cursor.fetchone()
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            with transaction.atomic():
                yield
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(waited)}")
